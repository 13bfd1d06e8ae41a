<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="185"/>
        <source>The data in {0} could not be opened. Nothing was changed or deleted. Close other copies of Inovasi Desk, check the disk, or restore a backup, then try again.

{1}</source>
        <translation>Data di {0} tidak dapat dibuka. Tidak ada yang diubah atau dihapus. Tutup salinan Inovasi Desk lain yang sedang berjalan, periksa disk, atau pulihkan cadangan, lalu coba lagi.

{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="226"/>
        <source>The backup was restored.</source>
        <translation>Cadangan berhasil dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="228"/>
        <source>The backup could not be restored; your data is unchanged.

{0}</source>
        <translation>Cadangan tidak dapat dipulihkan; data Anda tidak berubah.

{0}</translation>
    </message>
</context>
<context>
    <name>EditorHost</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="113"/>
        <source>Back to the list (Alt+Left)</source>
        <translation>Kembali ke daftar (Alt+Kiri)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="114"/>
        <source>← Back to the list</source>
        <translation>← Kembali ke daftar</translation>
    </message>
</context>
<context>
    <name>InnovationListModel</name>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="195"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="196"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="197"/>
        <source>Stage</source>
        <translation>Tahapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="198"/>
        <source>Workflow</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="199"/>
        <source>Complete</source>
        <translation>Kelengkapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="200"/>
        <source>Kematangan</source>
        <translation>Kematangan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="201"/>
        <source>Sync</source>
        <translation>Sinkron</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="207"/>
        <source>(untitled)</source>
        <translation>(tanpa judul)</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="212"/>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="213"/>
        <source>Submitted</source>
        <translation>Diajukan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="214"/>
        <source>Needs revision</source>
        <translation>Perlu revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="215"/>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="216"/>
        <source>Ready to send</source>
        <translation>Siap dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="219"/>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="226"/>
        <source>Only on this laptop</source>
        <translation>Hanya di laptop ini</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="227"/>
        <source>Waiting to send</source>
        <translation>Menunggu dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="228"/>
        <source>Sending</source>
        <translation>Mengirim</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="229"/>
        <source>On the server</source>
        <translation>Sudah di server</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="230"/>
        <source>Conflict</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="231"/>
        <source>Refused by the server</source>
        <translation>Ditolak server</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="234"/>
        <source>Held on this laptop</source>
        <translation>Ditahan di laptop ini</translation>
    </message>
</context>
<context>
    <name>InnovationListPage</name>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="111"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="112"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="113"/>
        <source>Start a new innovation report (Ctrl+N)</source>
        <translation>Mulai laporan inovasi baru (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="114"/>
        <source>Search innovation name… (Ctrl+F)</source>
        <translation>Cari nama inovasi… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="115"/>
        <source>Search innovation name</source>
        <translation>Cari nama inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="116"/>
        <source>Filter by workflow state</source>
        <translation>Saring menurut status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="117"/>
        <source>Filter by OPD</source>
        <translation>Saring menurut OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="118"/>
        <source>Filter by assessment year</source>
        <translation>Saring menurut tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="137"/>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="140"/>
        <source>All OPDs</source>
        <translation>Semua OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="145"/>
        <source>All years</source>
        <translation>Semua tahun</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="199"/>
        <source>No innovations yet. Press Ctrl+N to start the first one.</source>
        <translation>Belum ada inovasi. Tekan Ctrl+N untuk memulai yang pertama.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/windows/innovation_list_page.py" line="202"/>
        <source>%n innovation(s)</source>
        <translation>
            <numerusform>%n inovasi</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="349"/>
        <source>A new innovation could not be made.</source>
        <translation>Inovasi baru tidak dapat dibuat.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="413"/>
        <source>(untitled)</source>
        <translation>(tanpa judul)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="418"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="419"/>
        <source>All changes saved</source>
        <translation>Semua perubahan tersimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="420"/>
        <source>Not saved yet: retrying</source>
        <translation>Belum tersimpan: mencoba lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="303"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="304"/>
        <source>Regional profile (SPD)</source>
        <translation>Profil Pemda (SPD)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="305"/>
        <source>Synchronisation</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="306"/>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="306"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="384"/>
        <source>This innovation is not on this laptop (it belongs to an OPD whose data this account does not keep). Its figures are the server&apos;s.</source>
        <translation>Inovasi ini tidak ada di laptop ini (milik OPD yang datanya tidak disimpan akun ini). Angkanya berasal dari server.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="469"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="470"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="471"/>
        <source>&amp;Check archive</source>
        <translation>&amp;Periksa arsip</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="472"/>
        <source>&amp;Back up…</source>
        <translation>&amp;Cadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="473"/>
        <source>&amp;Restore from backup…</source>
        <translation>P&amp;ulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="474"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="475"/>
        <source>&amp;Settings</source>
        <translation>&amp;Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="476"/>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="477"/>
        <source>Find</source>
        <translation>Cari</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="479"/>
        <source>Opening your data…</source>
        <translation>Membuka data Anda…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="487"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="517"/>
        <source>Checking the archive…</source>
        <translation>Memeriksa arsip…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="521"/>
        <source>The archive check failed.</source>
        <translation>Pemeriksaan arsip gagal.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="529"/>
        <source>Choose where to put the backup (a folder or USB stick)</source>
        <translation>Pilih tempat menyimpan cadangan (folder atau flashdisk)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="534"/>
        <source>Backing up…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="538"/>
        <source>Backup written to {0}.</source>
        <translation>Cadangan tersimpan di {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="541"/>
        <source>The backup failed; your data is unchanged.</source>
        <translation>Pencadangan gagal; data Anda tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="547"/>
        <source>Choose the backup folder</source>
        <translation>Pilih folder cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="552"/>
        <source>Restore from backup</source>
        <translation>Pulihkan dari cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="554"/>
        <source>Replace the data on this laptop with the backup in {0}? The current data is kept in a folder named sebelum-pulih-… next to it.</source>
        <translation>Ganti data di laptop ini dengan cadangan di {0}? Data saat ini tetap disimpan di folder bernama sebelum-pulih-… di sebelahnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="576"/>
        <source>Something failed: {0}</source>
        <translation>Terjadi kegagalan: {0}</translation>
    </message>
</context>
<context>
    <name>NotConfiguredPage</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="72"/>
        <source>Synchronisation is not set up on this computer yet. Your drafts and evidence are safe on this laptop.</source>
        <translation>Sinkronisasi belum diatur di komputer ini. Draf dan bukti dukung Anda aman di laptop ini.</translation>
    </message>
</context>
</TS>
