<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="122"/>
        <source>The data in {0} could not be opened. Nothing was changed or deleted. Close other copies of Inovasi Desk, check the disk, or restore a backup, then try again.

{1}</source>
        <translation>Data di {0} tidak dapat dibuka. Tidak ada yang diubah atau dihapus. Tutup salinan Inovasi Desk lain yang sedang berjalan, periksa disk, atau pulihkan cadangan, lalu coba lagi.

{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="186"/>
        <source>The backup was restored.</source>
        <translation>Cadangan berhasil dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="188"/>
        <source>The backup could not be restored; your data is unchanged.

{0}</source>
        <translation>Cadangan tidak dapat dipulihkan; data Anda tidak berubah.

{0}</translation>
    </message>
</context>
<context>
    <name>EditorHost</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="109"/>
        <source>Back to the list (Alt+Left)</source>
        <translation>Kembali ke daftar (Alt+Kiri)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="110"/>
        <source>← Back to the list</source>
        <translation>← Kembali ke daftar</translation>
    </message>
</context>
<context>
    <name>InnovationListModel</name>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="148"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="149"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="150"/>
        <source>Stage</source>
        <translation>Tahapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="151"/>
        <source>Workflow</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="152"/>
        <source>Complete</source>
        <translation>Kelengkapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="153"/>
        <source>Kematangan</source>
        <translation>Kematangan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="154"/>
        <source>Sync</source>
        <translation>Sinkron</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="160"/>
        <source>(untitled)</source>
        <translation>(tanpa judul)</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="165"/>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="166"/>
        <source>Submitted</source>
        <translation>Diajukan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="167"/>
        <source>Needs revision</source>
        <translation>Perlu revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="168"/>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="169"/>
        <source>Ready to send</source>
        <translation>Siap dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="172"/>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="179"/>
        <source>Only on this laptop</source>
        <translation>Hanya di laptop ini</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="180"/>
        <source>Waiting to send</source>
        <translation>Menunggu dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="181"/>
        <source>Sending</source>
        <translation>Mengirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="182"/>
        <source>On the server</source>
        <translation>Sudah di server</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="183"/>
        <source>Conflict</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="184"/>
        <source>Refused by the server</source>
        <translation>Ditolak server</translation>
    </message>
</context>
<context>
    <name>InnovationListPage</name>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="109"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="110"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="111"/>
        <source>Start a new innovation report (Ctrl+N)</source>
        <translation>Mulai laporan inovasi baru (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="112"/>
        <source>Search innovation name… (Ctrl+F)</source>
        <translation>Cari nama inovasi… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="113"/>
        <source>Search innovation name</source>
        <translation>Cari nama inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="114"/>
        <source>Filter by workflow state</source>
        <translation>Saring menurut status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="115"/>
        <source>Filter by OPD</source>
        <translation>Saring menurut OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="116"/>
        <source>Filter by assessment year</source>
        <translation>Saring menurut tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="135"/>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="138"/>
        <source>All OPDs</source>
        <translation>Semua OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="143"/>
        <source>All years</source>
        <translation>Semua tahun</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="197"/>
        <source>No innovations yet. Press Ctrl+N to start the first one.</source>
        <translation>Belum ada inovasi. Tekan Ctrl+N untuk memulai yang pertama.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/windows/innovation_list_page.py" line="200"/>
        <source>%n innovation(s)</source>
        <translation>
            <numerusform>%n inovasi</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="311"/>
        <source>A new innovation could not be made.</source>
        <translation>Inovasi baru tidak dapat dibuat.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="371"/>
        <source>(untitled)</source>
        <translation>(tanpa judul)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="376"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="377"/>
        <source>All changes saved</source>
        <translation>Semua perubahan tersimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="378"/>
        <source>Not saved yet: retrying</source>
        <translation>Belum tersimpan: mencoba lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="267"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="268"/>
        <source>Regional profile (SPD)</source>
        <translation>Profil Pemda (SPD)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="269"/>
        <source>Synchronisation</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="270"/>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="270"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="342"/>
        <source>This innovation is not on this laptop (it belongs to an OPD whose data this account does not keep). Its figures are the server&apos;s.</source>
        <translation>Inovasi ini tidak ada di laptop ini (milik OPD yang datanya tidak disimpan akun ini). Angkanya berasal dari server.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="427"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="428"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="429"/>
        <source>&amp;Check archive</source>
        <translation>&amp;Periksa arsip</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="430"/>
        <source>&amp;Back up…</source>
        <translation>&amp;Cadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="431"/>
        <source>&amp;Restore from backup…</source>
        <translation>P&amp;ulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="432"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="433"/>
        <source>&amp;Settings</source>
        <translation>&amp;Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="434"/>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="435"/>
        <source>Find</source>
        <translation>Cari</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="437"/>
        <source>Opening your data…</source>
        <translation>Membuka data Anda…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="444"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="474"/>
        <source>Checking the archive…</source>
        <translation>Memeriksa arsip…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="478"/>
        <source>The archive check failed.</source>
        <translation>Pemeriksaan arsip gagal.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="486"/>
        <source>Choose where to put the backup (a folder or USB stick)</source>
        <translation>Pilih tempat menyimpan cadangan (folder atau flashdisk)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="491"/>
        <source>Backing up…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="495"/>
        <source>Backup written to {0}.</source>
        <translation>Cadangan tersimpan di {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="498"/>
        <source>The backup failed; your data is unchanged.</source>
        <translation>Pencadangan gagal; data Anda tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="504"/>
        <source>Choose the backup folder</source>
        <translation>Pilih folder cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="509"/>
        <source>Restore from backup</source>
        <translation>Pulihkan dari cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="511"/>
        <source>Replace the data on this laptop with the backup in {0}? The current data is kept in a folder named sebelum-pulih-… next to it.</source>
        <translation>Ganti data di laptop ini dengan cadangan di {0}? Data saat ini tetap disimpan di folder bernama sebelum-pulih-… di sebelahnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="533"/>
        <source>Something failed: {0}</source>
        <translation>Terjadi kegagalan: {0}</translation>
    </message>
</context>
<context>
    <name>NotConfiguredPage</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="70"/>
        <source>Synchronisation is not set up on this computer yet. Your drafts and evidence are safe on this laptop.</source>
        <translation>Sinkronisasi belum diatur di komputer ini. Draf dan bukti dukung Anda aman di laptop ini.</translation>
    </message>
</context>
</TS>
