<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>DocumentProofForm</name>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="51"/>
        <source>(not chosen)</source>
        <translation>(belum dipilih)</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="57"/>
        <source>from the date</source>
        <translation>dari tanggal</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="62"/>
        <source>not found</source>
        <translation>tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="67"/>
        <source>Confirm</source>
        <translation>Konfirmasi</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="80"/>
        <source>Document kind</source>
        <translation>Jenis dokumen</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="81"/>
        <source>Year it is for</source>
        <translation>Tahun dokumen</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="82"/>
        <source>Page naming the innovation</source>
        <translation>Halaman yang menyebut inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="109"/>
        <source>The innovation&apos;s name was not found in this document.</source>
        <translation>Nama inovasi tidak ditemukan dalam dokumen ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/document_proof.py" line="117"/>
        <source>The highlighted details were read from the document. Check them against the document, correct what is wrong, then confirm.</source>
        <translation>Keterangan yang ditandai dibaca dari dokumen. Periksa dengan dokumennya, perbaiki yang keliru, lalu konfirmasi.</translation>
    </message>
</context>
<context>
    <name>MeasureInput</name>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="69"/>
        <source>Choose exactly one basis</source>
        <translation>Pilih tepat satu dasar</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="106"/>
        <source>number</source>
        <translation>angka</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="195"/>
        <source>Type a number of zero or more, e.g. 12 or 20,5.</source>
        <translation>Ketik angka nol atau lebih, misalnya 12 atau 20,5.</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="197"/>
        <source>Not entered yet: the level follows from this entry.</source>
        <translation>Belum diisi: level ditentukan dari isian ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="199"/>
        <source>→ below level 1: this entry scores 0.</source>
        <translation>→ di bawah level 1: isian ini bernilai 0.</translation>
    </message>
    <message>
        <location filename="../../desktop/proof/measure_input.py" line="201"/>
        <source>→ Level {0}: {1}</source>
        <translation>→ Level {0}: {1}</translation>
    </message>
</context>
</TS>
