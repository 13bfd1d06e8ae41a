<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>CarryOverDialog</name>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="36"/>
        <source>Submit again for the next year</source>
        <translation>Ajukan kembali tahun berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="38"/>
        <source>Reading the innovation…</source>
        <translation>Membaca inovasi…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="45"/>
        <source>For example: the service is now linked to …, used in 40 more schools …</source>
        <translation>Misalnya: layanan kini terhubung dengan …, dipakai di 40 sekolah lagi …</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="56"/>
        <source>Development date</source>
        <translation>Waktu pengembangan</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="58"/>
        <source>Make the draft</source>
        <translation>Buat draf</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="60"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="97"/>
        <source>There are no rules for the year after {0} yet. When the ministry publishes them, add the rule file and try again.</source>
        <translation>Aturan untuk tahun sesudah {0} belum ada. Setelah kementerian menerbitkannya, tambahkan berkas aturannya lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="104"/>
        <source>“{0}” into the {1} form</source>
        <translation>“{0}” ke formulir {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="107"/>
        <source>A new draft for {0} is made with {1} profile fields, {2} claimed levels and {3} evidence documents. The files are reused, not copied. The {4} version stays as it is; verification starts anew.</source>
        <translation>Draf baru untuk {0} dibuat dengan {1} isian profil, {2} level yang diklaim dan {3} bukti dukung. Berkas dipakai ulang, tidak digandakan. Versi {4} tetap seperti adanya; verifikasi dimulai dari awal.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="114"/>
        <source>The {0} form cannot hold: {1}.</source>
        <translation>Formulir {0} tidak dapat menampung: {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="121"/>
        <source>New in {0}, left empty: {1}.</source>
        <translation>Baru di {0}, dibiarkan kosong: {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="126"/>
        <source>What was developed since the {0} assessment? The rules require this for an innovation that was already assessed (at least {1} words).</source>
        <translation>Apa yang dikembangkan sejak penilaian {0}? Aturan mewajibkannya untuk inovasi yang sudah pernah dinilai (paling sedikit {1} kata).</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="136"/>
        <source>This innovation cannot be read: {0}</source>
        <translation>Inovasi ini tidak dapat dibaca: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="142"/>
        <source>A few more words, please.</source>
        <translation>Tambahkan beberapa kata lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="172"/>
        <source>This innovation was already carried into {0}. Open that draft from the list.</source>
        <translation>Inovasi ini sudah diajukan kembali untuk {0}. Buka draf itu dari daftar.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="175"/>
        <source>Say what was developed since (at least {0} words).</source>
        <translation>Tuliskan apa yang dikembangkan sejak itu (paling sedikit {0} kata).</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="180"/>
        <source>{0}: this year&apos;s process is not finished yet, so it cannot be submitted again for the next year.</source>
        <translation>{0}: proses tahun ini belum selesai, sehingga belum dapat diajukan kembali untuk tahun berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="184"/>
        <source>There are no rules for the next year yet.</source>
        <translation>Aturan tahun berikutnya belum ada.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/carryover_dialog.py" line="186"/>
        <source>The draft could not be made: {0}. Nothing was changed.</source>
        <translation>Draf tidak dapat dibuat: {0}. Tidak ada yang berubah.</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../desktop/export/actions.py" line="87"/>
        <source>&amp;Innovation</source>
        <translation>&amp;Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="88"/>
        <source>&amp;Print profile…</source>
        <translation>&amp;Cetak profil…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="89"/>
        <source>Submit again for the &amp;next year…</source>
        <translation>Ajukan kembali tahun &amp;berikutnya…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="90"/>
        <source>Send &amp;package (Paket kirim)…</source>
        <translation>&amp;Paket kirim…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="91"/>
        <source>Send package</source>
        <translation>Paket kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="123"/>
        <source>Print profile…</source>
        <translation>Cetak profil…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="124"/>
        <source>The innovation profile as an A4 PDF (Ctrl+P)</source>
        <translation>Profil inovasi sebagai PDF A4 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="126"/>
        <source>Submit again for the next year…</source>
        <translation>Ajukan kembali tahun berikutnya…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="175"/>
        <location filename="../../desktop/export/actions.py" line="216"/>
        <location filename="../../desktop/export/actions.py" line="237"/>
        <source>Choose an innovation in the list first.</source>
        <translation>Pilih dulu satu inovasi di daftar.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="181"/>
        <source>{0}: this year&apos;s process is not finished yet. An innovation is submitted again for the next year once its year is done ({1}).</source>
        <translation>{0}: proses tahun ini belum selesai. Inovasi diajukan kembali untuk tahun berikutnya setelah tahunnya selesai ({1}).</translation>
    </message>
    <message>
        <location filename="../../desktop/export/actions.py" line="192"/>
        <source>Copy this innovation into the next year&apos;s form as a new draft</source>
        <translation>Salin inovasi ini ke formulir tahun berikutnya sebagai draf baru</translation>
    </message>
</context>
<context>
    <name>PaketKirimPage</name>
    <message>
        <location filename="../../desktop/export/page.py" line="174"/>
        <source>Send package (Paket kirim)</source>
        <translation>Paket kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="177"/>
        <source>Everything the coordinator enters in the national app, in one package: a workbook in the form&apos;s order, one folder per innovation with its evidence numbered for upload, a checklist PDF per innovation, and a manifest to check the copy on a flash disk.</source>
        <translation>Semua yang dimasukkan koordinator ke aplikasi nasional, dalam satu paket: lembar kerja menurut urutan formulir, satu folder per inovasi dengan bukti dukung bernomor menurut urutan unggah, daftar isian PDF per inovasi, dan manifest untuk memeriksa salinan di flashdisk.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="183"/>
        <source>Assessment year</source>
        <translation>Tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="184"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="185"/>
        <source>Approved (disetujui)</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="186"/>
        <source>Ready to send (siap kirim)</source>
        <translation>Siap kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="188"/>
        <source>Also those still submitted, in revision or sent (marked NOT APPROVED)</source>
        <translation>Juga yang masih diajukan, direvisi atau sudah terkirim (ditandai BELUM DISETUJUI)</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="190"/>
        <source>Add the printable profile PDF to every folder</source>
        <translation>Sertakan profil inovasi (PDF) di setiap folder</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="191"/>
        <source>Write as</source>
        <translation>Tulis sebagai</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="192"/>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="193"/>
        <source>ZIP file</source>
        <translation>Berkas ZIP</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="194"/>
        <source>Destination</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="195"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="196"/>
        <source>&amp;Write package</source>
        <translation>&amp;Buat paket</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="197"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="198"/>
        <source>Print profiles of these innovations…</source>
        <translation>Cetak profil inovasi-inovasi ini…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="199"/>
        <source>Open folder</source>
        <translation>Buka folder</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="200"/>
        <source>Check a package…</source>
        <translation>Periksa paket…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="241"/>
        <source>Will be written as {0}</source>
        <translation>Akan ditulis sebagai {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="247"/>
        <source>Choose where to write the package (a folder or a flash disk)</source>
        <translation>Pilih tempat menulis paket (folder atau flashdisk)</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="261"/>
        <source>Choose at least one kind of innovation.</source>
        <translation>Pilih paling sedikit satu jenis inovasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="277"/>
        <source>No innovation of {0} is in the chosen states yet. Approve them first, or include the submitted ones.</source>
        <translation>Belum ada inovasi tahun {0} dengan status yang dipilih. Setujui dulu, atau sertakan yang diajukan.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/page.py" line="281"/>
        <source>%n innovation(s)</source>
        <translation>
            <numerusform>%n inovasi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="282"/>
        <source>, {0} evidence files ({1}), {2} links.</source>
        <translation>, {0} berkas bukti dukung ({1}), {2} tautan.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/page.py" line="285"/>
        <source>%n not approved yet (marked).</source>
        <translation>
            <numerusform>%n belum disetujui (ditandai).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/page.py" line="288"/>
        <source>%n file(s) are not on this computer yet (synchronise first).</source>
        <translation>
            <numerusform>%n berkas belum ada di komputer ini (sinkronkan dulu).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="315"/>
        <source>Writing the package…</source>
        <translation>Menulis paket…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="330"/>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="336"/>
        <source>Writing: {0} of {1} innovations, {2} of {3}.</source>
        <translation>Menulis: {0} dari {1} inovasi, {2} dari {3}.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="355"/>
        <source>Package written: {0}</source>
        <translation>Paket selesai: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="357"/>
        <source>{0} innovations, {1} evidence files ({2}), {3} links.</source>
        <translation>{0} inovasi, {1} berkas bukti dukung ({2}), {3} tautan.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/page.py" line="365"/>
        <source>%n file(s) were not available and are marked in the package.</source>
        <translation>
            <numerusform>%n berkas tidak tersedia dan ditandai di paket.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="381"/>
        <source>Write the package without them (they are listed in it)?</source>
        <translation>Tulis paket tanpa berkas itu (dicantumkan di paket)?</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="395"/>
        <source>Cancelled. Nothing was written.</source>
        <translation>Dibatalkan. Tidak ada yang ditulis.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="397"/>
        <source>{0} already exists. Choose another folder or move the old one first.</source>
        <translation>{0} sudah ada. Pilih folder lain atau pindahkan yang lama dulu.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="400"/>
        <source>The folder {0} does not exist. Choose another one.</source>
        <translation>Folder {0} tidak ada. Pilih folder lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="403"/>
        <source>Cannot write to {0}. Choose another folder (is the flash disk locked?).</source>
        <translation>Tidak dapat menulis ke {0}. Pilih folder lain (apakah flashdisk terkunci?).</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="406"/>
        <source>Not enough space at {0}: {1} needed, {2} free. Free some space or choose another disk.</source>
        <translation>Ruang di {0} tidak cukup: perlu {1}, tersedia {2}. Kosongkan ruang atau pilih disk lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="412"/>
        <source>No innovation of {0} is in the chosen states. Approve them first, or include the submitted ones.</source>
        <translation>Tidak ada inovasi tahun {0} dengan status yang dipilih. Setujui dulu, atau sertakan yang diajukan.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/page.py" line="416"/>
        <source>%n evidence file(s) are not on this computer yet. Open Synchronisation and sync first so they are downloaded.</source>
        <translation>
            <numerusform>%n berkas bukti dukung belum ada di komputer ini. Buka Sinkronisasi dan sinkronkan dulu agar berkas itu diunduh.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="422"/>
        <source>The file {0} of “{1}” is damaged on this computer (its bytes no longer match). Nothing was written. Run File &gt; Check archive, or ask the officer to attach it again.</source>
        <translation>Berkas {0} milik “{1}” rusak di komputer ini (isinya tidak cocok lagi). Tidak ada yang ditulis. Jalankan Berkas &gt; Periksa arsip, atau minta petugas melampirkannya lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="427"/>
        <source>A file is too large for this disk (FAT32 holds 4 GB at most). Write a folder instead of a ZIP, or use another disk.</source>
        <translation>Ada berkas yang terlalu besar untuk disk ini (FAT32 paling besar 4 GB). Tulis sebagai folder, bukan ZIP, atau pakai disk lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="430"/>
        <source>There are no rules for {0}.</source>
        <translation>Aturan tahun {0} tidak ada.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="432"/>
        <source>{0} is not a package (it has no manifest-sha256.txt).</source>
        <translation>{0} bukan paket kirim (tidak ada manifest-sha256.txt).</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="435"/>
        <source>The package&apos;s manifest is damaged; it cannot be checked.</source>
        <translation>Manifest paket rusak; paket tidak dapat diperiksa.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="439"/>
        <source>The package could not be written: {0}. Nothing was left.</source>
        <translation>Paket tidak dapat ditulis: {0}. Tidak ada sisa yang tertinggal.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="454"/>
        <source>Choose the package folder (for a ZIP, cancel and pick the file)</source>
        <translation>Pilih folder paket (untuk ZIP, batalkan lalu pilih berkasnya)</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="459"/>
        <source>Choose the package ZIP</source>
        <translation>Pilih berkas ZIP paket</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="467"/>
        <source>Checking {0}…</source>
        <translation>Memeriksa {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="478"/>
        <source>The package is intact: {0} files checked.</source>
        <translation>Paket utuh: {0} berkas diperiksa.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="482"/>
        <source>changed: {0}</source>
        <translation>berubah: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="483"/>
        <source>missing: {0}</source>
        <translation>hilang: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="484"/>
        <source>extra: {0}</source>
        <translation>tambahan: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/page.py" line="487"/>
        <source>The package is NOT intact. Copy it again from the original.</source>
        <translation>Paket TIDAK utuh. Salin ulang dari aslinya.</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/export/profile_dialog.py" line="42"/>
        <source>Profiles of %n innovation(s)</source>
        <translation>
            <numerusform>Profil %n inovasi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="44"/>
        <source>Innovation profile</source>
        <translation>Profil inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="47"/>
        <source>Preparing the profile…</source>
        <translation>Menyiapkan profil…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="50"/>
        <source>&amp;Print…</source>
        <translation>&amp;Cetak…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="51"/>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Simpan sebagai PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="55"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export/profile_dialog.py" line="81"/>
        <source>%n page(s), A4. Print it, or save it as a PDF.</source>
        <translation>
            <numerusform>%n halaman, A4. Cetak, atau simpan sebagai PDF.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="90"/>
        <source>The profile could not be made: {0}. Your data is unchanged.</source>
        <translation>Profil tidak dapat dibuat: {0}. Data Anda tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="101"/>
        <source>Print the profile</source>
        <translation>Cetak profil</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="118"/>
        <source>The printer cannot be used.</source>
        <translation>Printer tidak dapat dipakai.</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="148"/>
        <source>Save the profile as PDF</source>
        <translation>Simpan profil sebagai PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="164"/>
        <source>The PDF could not be saved in {0}: {1}</source>
        <translation>PDF tidak dapat disimpan di {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/export/profile_dialog.py" line="167"/>
        <source>Saved: {0}</source>
        <translation>Tersimpan: {0}</translation>
    </message>
</context>
</TS>
