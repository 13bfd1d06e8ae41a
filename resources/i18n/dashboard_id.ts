<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="188"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="188"/>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="189"/>
        <source>Assessment &amp;year</source>
        <translation>&amp;Tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="190"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="229"/>
        <source>The figures could not be calculated: {0}</source>
        <translation>Angka tidak dapat dihitung: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="271"/>
        <source>From the server, {0}: the figure of the whole pemda.</source>
        <translation>Dari server, {0}: angka seluruh pemda.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="275"/>
        <source>Saved from the server on {0}; it could not be updated now ({1}).</source>
        <translation>Tersimpan dari server pada {0}; belum dapat diperbarui sekarang ({1}).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="279"/>
        <source>Calculated from the data on this laptop (no server is set up): it covers only what this laptop holds.</source>
        <translation>Dihitung dari data di laptop ini (server belum diatur): hanya mencakup data yang ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="283"/>
        <source>Calculated from the data on this laptop: it covers only what this laptop holds. The whole pemda&apos;s figure comes from the server ({0}).</source>
        <translation>Dihitung dari data di laptop ini: hanya mencakup data yang ada di laptop ini. Angka seluruh pemda datang dari server ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="293"/>
        <source>sign in on the Sinkronisasi page</source>
        <translation>masuk (login) di halaman Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="295"/>
        <source>the server cannot be reached</source>
        <translation>server tidak dapat dihubungi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="298"/>
        <source>the server&apos;s answer could not be read</source>
        <translation>jawaban server tidak dapat dibaca</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="308"/>
        <source>Calculating…</source>
        <translation>Menghitung…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="334"/>
        <source>No innovation submitted yet: the pemda cannot be assessed (the formula alone would give {0}).</source>
        <translation>Belum ada inovasi yang diajukan: pemda tidak dapat dinilai (rumus saja akan memberi {0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="339"/>
        <source>Index (claimed levels)</source>
        <translation>Indeks (level yang diklaim)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="342"/>
        <source>{0} innovation(s) counted</source>
        <translation>{0} inovasi dihitung</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="346"/>
        <source>Index (verified levels)</source>
        <translation>Indeks (level terverifikasi)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="350"/>
        <source>{0} of {1} claimed indicators verified</source>
        <translation>{0} dari {1} indikator yang diklaim sudah diverifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="355"/>
        <source>Potential (your OPD&apos;s drafts not yet submitted)</source>
        <translation>Potensi (draf OPD Anda belum diajukan)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="357"/>
        <source>Potential (drafts not yet submitted)</source>
        <translation>Potensi (draf belum diajukan)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="361"/>
        <source>If every draft of the pemda is submitted: {0} index points</source>
        <translation>Bila semua draf di pemda diajukan: {0} poin indeks</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="363"/>
        <source>If submitted: {0} index points</source>
        <translation>Bila diajukan: {0} poin indeks</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="387"/>
        <source>The highest predicate</source>
        <translation>Predikat tertinggi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="388"/>
        <source>{0} points to &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>{0} poin lagi menuju &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="396"/>
        <source>Your OPD&apos;s part: {0}</source>
        <translation>Bagian OPD Anda: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="400"/>
        <source>The index above is the whole pemda&apos;s. Your OPD&apos;s {0} counted innovation(s) contribute {1} points to the claimed index and {2} to the verified one.</source>
        <translation>Indeks di atas adalah indeks seluruh pemda. {0} inovasi OPD Anda yang dihitung menyumbang {1} poin pada indeks klaim dan {2} poin pada indeks terverifikasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="415"/>
        <source>What the verifier did not accept</source>
        <translation>Yang tidak diterima verifikator</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="423"/>
        <source>{0}: level {1} → {2}, −{3} points</source>
        <translation>{0}: level {1} → {2}, −{3} poin</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="443"/>
        <source>Score details</source>
        <translation>Rincian skor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="447"/>
        <source>SPD score</source>
        <translation>Skor SPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="448"/>
        <source>SID score from kematangan</source>
        <translation>Skor SID dari kematangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="449"/>
        <source>Innovation count score</source>
        <translation>Skor jumlah inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="451"/>
        <source>Divisor MAX(k, n)</source>
        <translation>Pembagi MAX(k, n)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="452"/>
        <source>{0} ({1} innovations counted)</source>
        <translation>{0} ({1} inovasi dihitung)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="454"/>
        <source>Empty seats</source>
        <translation>Kursi kosong</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="458"/>
        <source>One more innovation, kematangan {0}</source>
        <translation>Satu inovasi lagi, kematangan {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="461"/>
        <source>{0} index points</source>
        <translation>{0} poin indeks</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="475"/>
        <source>Basic-service urusan (yandas)</source>
        <translation>Urusan pelayanan dasar (yandas)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="476"/>
        <source>{0} of the {1} required are covered.</source>
        <translation>{0} dari {1} yang disyaratkan terpenuhi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="479"/>
        <source>The innovation count score stays 0 until {0} more are covered.</source>
        <translation>Skor jumlah inovasi tetap 0 sampai {0} urusan lagi terpenuhi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="488"/>
        <source>Per OPD</source>
        <translation>Per OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="488"/>
        <source>Your OPD</source>
        <translation>OPD Anda</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="491"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="494"/>
        <source>Completeness</source>
        <translation>Kelengkapan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="495"/>
        <source>Mandatory missing</source>
        <translation>Wajib kosong</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="496"/>
        <source>Kematangan claimed / verified</source>
        <translation>Kematangan klaim / verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="497"/>
        <source>Contribution (points)</source>
        <translation>Sumbangan (poin)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="498"/>
        <source>Oldest waiting</source>
        <translation>Menunggu terlama</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="524"/>
        <source>{0} days</source>
        <translation>{0} hari</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="541"/>
        <source>Click to list the innovations</source>
        <translation>Klik untuk melihat daftar inovasinya</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="572"/>
        <source>claimed</source>
        <translation>klaim</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="574"/>
        <source>verified</source>
        <translation>terverifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="579"/>
        <source>What each OPD contributes to the index (points)</source>
        <translation>Sumbangan tiap OPD pada indeks (poin)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="608"/>
        <source>Kematangan of the counted innovations (maximum {0})</source>
        <translation>Sebaran kematangan inovasi yang dihitung (maksimum {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="645"/>
        <source>OPDs with no innovation this year</source>
        <translation>OPD tanpa inovasi tahun ini</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="647"/>
        <source>Every OPD has submitted an innovation.</source>
        <translation>Semua OPD sudah mengajukan inovasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="653"/>
        <source>({0} draft(s))</source>
        <translation>(ada {0} draf)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="655"/>
        <source>Every OPD must report at least one innovation a year.</source>
        <translation>Setiap OPD wajib melaporkan paling sedikit satu inovasi setiap tahun.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="659"/>
        <source>Not counted</source>
        <translation>Tidak dihitung</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="664"/>
        <source>{0} not eligible</source>
        <translation>{0} tidak memenuhi syarat</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="667"/>
        <source>(outside the assessment window or without a date)</source>
        <translation>(di luar rentang penilaian atau tanpa tanggal)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="670"/>
        <source>{0} empty record(s)</source>
        <translation>{0} rekaman kosong</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="676"/>
        <source>How it is counted</source>
        <translation>Cara menghitung</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="678"/>
        <source>official source</source>
        <translation>sumber resmi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="679"/>
        <source>as regional applications (SIMONDA and others) read it</source>
        <translation>seperti aplikasi daerah (SIMONDA dan lainnya)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="680"/>
        <source>our own reading</source>
        <translation>bacaan kami sendiri</translation>
    </message>
</context>
<context>
    <name>InnovationListDialog</name>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="715"/>
        <source>Innovations behind the figure</source>
        <translation>Inovasi di balik angka ini</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="721"/>
        <source>Innovation</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="721"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="721"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="721"/>
        <source>Claimed</source>
        <translation>Klaim</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="722"/>
        <source>Verified</source>
        <translation>Terverifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="722"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="730"/>
        <source>Mandatory indicators without a level: {0}</source>
        <translation>Indikator wajib belum diisi: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/dashboard_page.py" line="745"/>
        <source>{0} innovation(s)</source>
        <translation>{0} inovasi</translation>
    </message>
</context>
</TS>
