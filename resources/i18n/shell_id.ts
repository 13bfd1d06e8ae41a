<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>App</name>
    <message>
        <source>The data in {0} holds something this version of Inovasi Desk cannot read (perhaps written by a newer version). Nothing was changed or deleted. Install the latest version of Inovasi Desk, or restore a backup, then try again.

Details for support: {1}</source>
        <translation>Data di {0} berisi sesuatu yang tidak dapat dibaca oleh versi Inovasi Desk ini (mungkin ditulis oleh versi yang lebih baru). Tidak ada yang diubah atau dihapus. Pasang versi terbaru Inovasi Desk, atau pulihkan cadangan, lalu coba lagi.

Rincian untuk dukungan: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="159"/>
        <source>The data in {0} could not be opened. Nothing was changed or deleted. Close other copies of Inovasi Desk, check the disk, or restore a backup, then try again.

{1}</source>
        <translation>Data di {0} tidak dapat dibuka. Tidak ada yang diubah atau dihapus. Tutup salinan Inovasi Desk lain yang sedang berjalan, periksa disk, atau pulihkan cadangan, lalu coba lagi.

{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="201"/>
        <source>The backup was restored.</source>
        <translation>Cadangan berhasil dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="203"/>
        <source>The backup could not be restored; your data is unchanged.

{0}</source>
        <translation>Cadangan tidak dapat dipulihkan; data Anda tidak berubah.

{0}</translation>
    </message>
</context>
<context>
    <name>DeleteDraft</name>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="44"/>
        <source>Delete the draft “{0}”? It was never sent, so it exists only on this laptop and cannot be brought back.</source>
        <translation>Hapus draf “{0}”? Draf ini belum pernah dikirim, jadi hanya ada di laptop ini dan tidak dapat dikembalikan.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="49"/>
        <source>Delete the draft “{0}” from this laptop and from the pemda&apos;s server? Colleagues of your OPD will no longer see it. The deletion is sent with the next synchronisation.</source>
        <translation>Hapus draf “{0}” dari laptop ini dan dari server pemda? Rekan se-OPD Anda tidak akan melihatnya lagi. Penghapusan dikirim pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="70"/>
        <location filename="../../desktop/windows/delete_draft.py" line="80"/>
        <location filename="../../desktop/windows/delete_draft.py" line="89"/>
        <source>Delete draft</source>
        <translation>Hapus draf</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="71"/>
        <source>The draft was not deleted: {0}</source>
        <translation>Draf tidak dihapus: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="81"/>
        <source>Only a draft can be deleted. This innovation has already been submitted to the pemda; ask the verifier to send it back for revision if needed.</source>
        <translation>Hanya draf yang dapat dihapus. Inovasi ini sudah diajukan ke pemda; bila perlu, minta verifikator mengembalikannya untuk direvisi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="93"/>
        <source>&amp;Delete draft</source>
        <translation>&amp;Hapus draf</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="96"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="112"/>
        <source>The draft “{0}” was deleted.</source>
        <translation>Draf “{0}” sudah dihapus.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/delete_draft.py" line="114"/>
        <source>The draft “{0}” was deleted here; the server deletes it with the next synchronisation.</source>
        <translation>Draf “{0}” sudah dihapus di laptop ini; server menghapusnya pada sinkronisasi berikutnya.</translation>
    </message>
</context>
<context>
    <name>EditorHost</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="131"/>
        <source>Back to the list (Alt+Left)</source>
        <translation>Kembali ke daftar (Alt+Kiri)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="132"/>
        <source>← Back to the list</source>
        <translation>← Kembali ke daftar</translation>
    </message>
</context>
<context>
    <name>InnovationListModel</name>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="204"/>
        <source>Returned for revision: open it to read the verifier&apos;s notes, fix, and submit again.</source>
        <translation>Dikembalikan untuk revisi: buka untuk membaca catatan verifikator, perbaiki, lalu ajukan ulang.</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="214"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="215"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="216"/>
        <source>Stage</source>
        <translation>Tahapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="217"/>
        <source>Workflow</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="218"/>
        <source>Complete</source>
        <translation>Kelengkapan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="219"/>
        <source>Kematangan</source>
        <translation>Kematangan</translation>
    </message>
    <message>
        <location filename="../../desktop/models/innovation_list.py" line="220"/>
        <source>Sync</source>
        <translation>Sinkron</translation>
    </message>
</context>
<context>
    <name>InnovationListPage</name>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="115"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="116"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="117"/>
        <source>Start a new innovation report (Ctrl+N)</source>
        <translation>Mulai laporan inovasi baru (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="118"/>
        <source>&amp;Delete draft</source>
        <translation>&amp;Hapus draf</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="120"/>
        <source>Delete the selected draft (Delete). Only drafts can be deleted.</source>
        <translation>Hapus draf yang dipilih (Delete). Hanya draf yang dapat dihapus.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="122"/>
        <source>Delete draft</source>
        <translation>Hapus draf</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="123"/>
        <source>Search innovation name… (Ctrl+F)</source>
        <translation>Cari nama inovasi… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="124"/>
        <source>Search innovation name</source>
        <translation>Cari nama inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="125"/>
        <source>Filter by workflow state</source>
        <translation>Saring menurut status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="126"/>
        <source>Filter by OPD</source>
        <translation>Saring menurut OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="127"/>
        <source>Filter by assessment year</source>
        <translation>Saring menurut tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="146"/>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="151"/>
        <source>All OPDs</source>
        <translation>Semua OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="157"/>
        <source>All years</source>
        <translation>Semua tahun</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="251"/>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/innovation_list_page.py" line="263"/>
        <source>No innovations yet. Press Ctrl+N to start the first one.</source>
        <translation>Belum ada inovasi. Tekan Ctrl+N untuk memulai yang pertama.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/windows/innovation_list_page.py" line="266"/>
        <source>%n innovation(s)</source>
        <translation>
            <numerusform>%n inovasi</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../desktop/labels.py" line="19"/>
        <source>(unnamed innovation)</source>
        <translation>(inovasi tanpa nama)</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="29"/>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="30"/>
        <source>Submitted</source>
        <translation>Diajukan</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="31"/>
        <source>Approved by the OPD head</source>
        <translation>Disahkan OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="32"/>
        <source>Needs revision</source>
        <translation>Perlu revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="33"/>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="34"/>
        <source>Ready to send</source>
        <translation>Siap kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="35"/>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="40"/>
        <location filename="../../desktop/labels.py" line="56"/>
        <source>Unknown state</source>
        <translation>Status tidak dikenal</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="45"/>
        <source>Only on this laptop</source>
        <translation>Hanya di laptop ini</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="46"/>
        <source>Waiting to send</source>
        <translation>Menunggu dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="47"/>
        <source>Sending</source>
        <translation>Mengirim</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="48"/>
        <source>On the server</source>
        <translation>Sudah di server</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="49"/>
        <source>Conflict</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="50"/>
        <source>Refused by the server</source>
        <translation>Ditolak server</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="51"/>
        <source>Held on this laptop</source>
        <translation>Ditahan di laptop ini</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="65"/>
        <source>No OPD yet</source>
        <translation>Belum ada OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="66"/>
        <source>Unknown OPD</source>
        <translation>OPD tidak dikenal</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="73"/>
        <source>{0} B</source>
        <translation>{0} B</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="75"/>
        <source>{0} KB</source>
        <translation>{0} KB</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="77"/>
        <source>.</source>
        <comment>decimal sign</comment>
        <translation>,</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="79"/>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
    <message>
        <location filename="../../desktop/labels.py" line="80"/>
        <source>{0} GB</source>
        <translation>{0} GB</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="378"/>
        <source>A new innovation could not be made.</source>
        <translation>Inovasi baru tidak dapat dibuat.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="472"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="473"/>
        <source>All changes saved</source>
        <translation>Semua perubahan tersimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="474"/>
        <source>Not saved yet: retrying</source>
        <translation>Belum tersimpan: mencoba lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="332"/>
        <source>Innovations</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="333"/>
        <source>Regional profile (SPD)</source>
        <translation>Profil Pemda (SPD)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="334"/>
        <source>Synchronisation</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="335"/>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="335"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="426"/>
        <source>This innovation is not on this laptop (it belongs to an OPD whose data this account does not keep). Its figures are the server&apos;s.</source>
        <translation>Inovasi ini tidak ada di laptop ini (milik OPD yang datanya tidak disimpan akun ini). Angkanya berasal dari server.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="523"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="524"/>
        <source>&amp;New innovation</source>
        <translation>Inovasi &amp;baru</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="525"/>
        <source>&amp;Check archive</source>
        <translation>&amp;Periksa arsip</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="526"/>
        <source>&amp;Back up…</source>
        <translation>&amp;Cadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="527"/>
        <source>&amp;Restore from backup…</source>
        <translation>P&amp;ulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="528"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="529"/>
        <source>&amp;Settings</source>
        <translation>&amp;Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="530"/>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="531"/>
        <source>Find</source>
        <translation>Cari</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="533"/>
        <source>Opening your data…</source>
        <translation>Membuka data Anda…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="541"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="571"/>
        <source>Checking the archive…</source>
        <translation>Memeriksa arsip…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="575"/>
        <source>The archive check failed.</source>
        <translation>Pemeriksaan arsip gagal.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="583"/>
        <source>Choose where to put the backup (a folder or USB stick)</source>
        <translation>Pilih tempat menyimpan cadangan (folder atau flashdisk)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="588"/>
        <source>Backing up…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="592"/>
        <source>Backup written to {0}.</source>
        <translation>Cadangan tersimpan di {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="595"/>
        <source>The backup failed; your data is unchanged.</source>
        <translation>Pencadangan gagal; data Anda tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="601"/>
        <source>Choose the backup folder</source>
        <translation>Pilih folder cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="606"/>
        <source>Restore from backup</source>
        <translation>Pulihkan dari cadangan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="608"/>
        <source>Replace the data on this laptop with the backup in {0}? The current data is kept in a folder named sebelum-pulih-… next to it.</source>
        <translation>Ganti data di laptop ini dengan cadangan di {0}? Data saat ini tetap disimpan di folder bernama sebelum-pulih-… di sebelahnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="630"/>
        <source>Something failed: {0}</source>
        <translation>Terjadi kegagalan: {0}</translation>
    </message>
</context>
<context>
    <name>NotConfiguredPage</name>
    <message>
        <location filename="../../desktop/windows/main_window.py" line="90"/>
        <source>Synchronisation is not set up on this computer yet. Your drafts and evidence are safe on this laptop.</source>
        <translation>Sinkronisasi belum diatur di komputer ini. Draf dan bukti dukung Anda aman di laptop ini.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>A background synchronisation is running on the data folder {0}. Inovasi Desk opens as soon as it has finished.</source>
        <translation>Sinkronisasi latar sedang berjalan pada folder data {0}. Inovasi Desk terbuka segera setelah selesai.</translation>
    </message>
    <message>
        <location filename="../../desktop/single_instance.py" line="142"/>
        <source>Inovasi Desk is already open with the data folder {0}. One data folder can be open in one window at a time, so that no change is lost.</source>
        <translation>Inovasi Desk sudah terbuka dengan folder data {0}. Satu folder data hanya dapat dibuka di satu jendela pada satu waktu, agar tidak ada perubahan yang hilang.</translation>
    </message>
    <message>
        <location filename="../../desktop/single_instance.py" line="149"/>
        <source>&amp;Show the open window</source>
        <translation>&amp;Tampilkan jendela yang terbuka</translation>
    </message>
    <message>
        <location filename="../../desktop/single_instance.py" line="151"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/single_instance.py" line="156"/>
        <source>The open window did not answer. Look for Inovasi Desk on the taskbar. If it is not there, wait a minute and start the app again.</source>
        <translation>Jendela yang terbuka tidak menjawab. Cari Inovasi Desk di taskbar. Bila tidak ada, tunggu sebentar lalu buka aplikasi lagi.</translation>
    </message>
</context>
</TS>
