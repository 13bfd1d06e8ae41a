<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="146"/>
        <source>SPD row {0}</source>
        <translation>Baris SPD {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="149"/>
        <source>Indicator {0}</source>
        <translation>Indikator {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="182"/>
        <source>claimed level</source>
        <translation>level yang diklaim</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="183"/>
        <source>level</source>
        <translation>level</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="184"/>
        <source>value</source>
        <translation>nilai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="156"/>
        <source>Evidence “{0}”</source>
        <translation>Bukti dukung “{0}”</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="161"/>
        <source>Workflow state</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="162"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="163"/>
        <source>Assessment year</source>
        <translation>Tahun penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="164"/>
        <source>Deleted</source>
        <translation>Dihapus</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="185"/>
        <source>entered figures</source>
        <translation>angka yang diisi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="186"/>
        <source>quantity that decides the level</source>
        <translation>jumlah yang menentukan level</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="187"/>
        <source>base quantity</source>
        <translation>jumlah dasar</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="188"/>
        <source>basis of the quantity</source>
        <translation>dasar perhitungan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="189"/>
        <source>ticked items</source>
        <translation>butir yang dicentang</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="190"/>
        <source>verified level</source>
        <translation>level hasil verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="191"/>
        <source>verifier&apos;s verdict</source>
        <translation>hasil verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="192"/>
        <source>verifier&apos;s note</source>
        <translation>catatan verifikator</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="200"/>
        <source>number</source>
        <translation>nomor</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="201"/>
        <source>date</source>
        <translation>tanggal</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="202"/>
        <source>about</source>
        <translation>tentang</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="203"/>
        <source>link</source>
        <translation>tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="204"/>
        <source>file name</source>
        <translation>nama berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="205"/>
        <source>indicator</source>
        <translation>indikator</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="206"/>
        <source>order</source>
        <translation>urutan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="207"/>
        <source>document kind</source>
        <translation>jenis dokumen</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="208"/>
        <source>year it is for</source>
        <translation>tahun yang dimaksud</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="209"/>
        <source>names the innovation</source>
        <translation>menyebut nama inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="210"/>
        <source>page naming the innovation</source>
        <translation>halaman yang menyebut inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="211"/>
        <source>scan quality</source>
        <translation>kualitas pindaian</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="212"/>
        <source>read from the document, not yet confirmed</source>
        <translation>terbaca dari dokumen, belum dikonfirmasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="213"/>
        <source>file</source>
        <translation>berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="214"/>
        <source>file type</source>
        <translation>jenis berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="215"/>
        <source>file size</source>
        <translation>ukuran berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="216"/>
        <source>video length</source>
        <translation>durasi video</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="217"/>
        <source>pages</source>
        <translation>jumlah halaman</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="265"/>
        <source>(empty)</source>
        <translation>(kosong)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="267"/>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="267"/>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="281"/>
        <source>resolution too low</source>
        <translation>resolusi terlalu rendah</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="282"/>
        <source>blank page</source>
        <translation>halaman kosong</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="283"/>
        <source>scanned sideways</source>
        <translation>dipindai menyamping</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="284"/>
        <source>too speckled or dense to read</source>
        <translation>terlalu berbintik atau padat untuk dibaca</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="306"/>
        <source>Resolve conflict</source>
        <translation>Selesaikan konflik</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="313"/>
        <source>“{0}” was changed on this laptop and on the server. Changes made on one side only are already combined. For each field below, choose which value to keep.</source>
        <translation>“{0}” diubah di laptop ini dan juga di server. Perubahan yang hanya terjadi di satu sisi sudah digabungkan. Untuk setiap isian di bawah, pilih nilai yang ingin dipertahankan.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="315"/>
        <source>This record</source>
        <translation>Data ini</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="326"/>
        <source>Mine (this laptop)</source>
        <translation>Milik saya (laptop ini)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="327"/>
        <source>Server&apos;s</source>
        <translation>Dari server</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="354"/>
        <source>Keep all &amp;mine</source>
        <translation>Pakai semua &amp;milik saya</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="356"/>
        <source>Take all from the ser&amp;ver</source>
        <translation>Pakai semua dari ser&amp;ver</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="366"/>
        <source>&amp;Save my choice</source>
        <translation>&amp;Simpan pilihan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="367"/>
        <source>Decide later</source>
        <translation>Putuskan nanti</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="402"/>
        <source>Choose a value for {0} more field(s).</source>
        <translation>Pilih nilai untuk {0} isian lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/conflict_dialog.py" line="430"/>
        <source>Your choice could not be saved; nothing was changed. {0}</source>
        <translation>Pilihan Anda tidak dapat disimpan; tidak ada yang diubah. {0}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="74"/>
        <source>Too many failed attempts for this account. Wait {0} seconds, then try again with the right password.</source>
        <translation>Terlalu banyak percobaan gagal untuk akun ini. Tunggu {0} detik, lalu coba lagi dengan kata sandi yang benar.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="79"/>
        <source>Too many failed attempts for this account. Wait a few minutes, then try again with the right password.</source>
        <translation>Terlalu banyak percobaan gagal untuk akun ini. Tunggu beberapa menit, lalu coba lagi dengan kata sandi yang benar.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="85"/>
        <source>The user name or password is wrong, or the account is disabled. Check them (capital letters count) and try again; if you forgot the password, ask your pemda&apos;s administrator to set a new one.</source>
        <translation>Nama pengguna atau kata sandi salah, atau akun dinonaktifkan. Periksa keduanya (huruf besar dan kecil dibedakan) lalu coba lagi; jika lupa kata sandi, minta admin pemda Anda membuatkan yang baru.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="92"/>
        <source>This network wants you to sign in to it first (a Wi-Fi login page). Open a web browser, complete the network&apos;s login, then try again.</source>
        <translation>Jaringan ini meminta Anda masuk terlebih dahulu (halaman login Wi-Fi). Buka peramban web, selesaikan login jaringan, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="98"/>
        <source>The server {0} cannot be reached. Check the server address and the internet connection, then try again. Your work stays safe on this laptop meanwhile.</source>
        <translation>Server {0} tidak dapat dihubungi. Periksa alamat server dan koneksi internet, lalu coba lagi. Sementara itu pekerjaan Anda tetap aman di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="104"/>
        <source>{0} answered, but it is not an Inovasi Desk server. Check the server address (ask your pemda&apos;s administrator for it).</source>
        <translation>{0} menjawab, tetapi itu bukan server Inovasi Desk. Periksa alamat server (tanyakan kepada admin pemda Anda).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="110"/>
        <source>The server {0} has a problem right now. Try again later; if it persists, tell your pemda&apos;s administrator.</source>
        <translation>Server {0} sedang bermasalah. Coba lagi nanti; bila terus terjadi, beri tahu administrator pemda Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="121"/>
        <source>Signing in failed: {0}</source>
        <translation>Gagal masuk: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="138"/>
        <source>Sign in to the server</source>
        <translation>Masuk ke server</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="144"/>
        <source>Sign in with the account your pemda&apos;s administrator gave you. Your drafts and evidence are sent to this server when a connection is available.</source>
        <translation>Masuk dengan akun yang diberikan admin pemda Anda. Draf dan bukti Anda dikirim ke server ini setiap kali ada koneksi.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="165"/>
        <source>&amp;Server address</source>
        <translation>Alamat &amp;server</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="166"/>
        <source>&amp;User name</source>
        <translation>Nama &amp;pengguna</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="167"/>
        <source>&amp;Password</source>
        <translation>&amp;Kata sandi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="172"/>
        <location filename="../../desktop/windows/login_dialog.py" line="205"/>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="174"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="205"/>
        <source>Signing in…</source>
        <translation>Sedang masuk…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="217"/>
        <source>Enter the server address, for example https://inovasi.contoh.go.id.</source>
        <translation>Isi alamat server, misalnya https://inovasi.contoh.go.id.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="225"/>
        <source>Enter your user name and password.</source>
        <translation>Isi nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="251"/>
        <source>Another server</source>
        <translation>Server lain</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="252"/>
        <source>The data on this laptop was synchronised with {0}. If you sign in to {1}, your drafts and changes are sent there instead; what is already on {0} stays there. Usually a laptop belongs to one pemda&apos;s server.

Sign in to {1}?</source>
        <translation>Data di laptop ini disinkronkan dengan {0}. Jika Anda masuk ke {1}, draf dan perubahan Anda akan dikirim ke sana; yang sudah ada di {0} tetap di sana. Biasanya satu laptop hanya untuk server satu pemda.

Masuk ke {1}?</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="302"/>
        <source>Sign out of {0}?

{1} change(s) not yet sent stay safe on this laptop and are sent after you sign in again. Nothing is deleted.</source>
        <translation>Keluar akun dari {0}?

{1} perubahan yang belum terkirim tetap aman di laptop ini dan akan dikirim setelah Anda masuk lagi. Tidak ada yang dihapus.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="308"/>
        <source>Sign out of {0}?

Everything has been sent. Your data stays on this laptop.</source>
        <translation>Keluar akun dari {0}?

Semua sudah terkirim. Data Anda tetap ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/login_dialog.py" line="314"/>
        <source>Sign out</source>
        <translation>Keluar akun</translation>
    </message>
</context>
<context>
    <name>SyncBridge</name>
    <message>
        <location filename="../../desktop/sync_bridge.py" line="254"/>
        <source>The demo sign-in failed: {0} Sign in on the Synchronisation page.</source>
        <translation>Masuk demo gagal: {0} Masuk di halaman Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_bridge.py" line="439"/>
        <source>Click to open the Synchronisation page.</source>
        <translation>Klik untuk membuka halaman Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_bridge.py" line="441"/>
        <source>Server: {0}</source>
        <translation>Server: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_bridge.py" line="444"/>
        <source>Last problem: {0}</source>
        <translation>Masalah terakhir: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_bridge.py" line="488"/>
        <source>A record was changed on the server too: choose the values to keep on the Synchronisation page.</source>
        <translation>Ada data yang juga diubah di server: pilih nilai yang dipertahankan di halaman Sinkronisasi.</translation>
    </message>
</context>
<context>
    <name>SyncOnce</name>
    <message>
        <location filename="../../desktop/sync_once.py" line="40"/>
        <source>Password: </source>
        <translation>Kata sandi: </translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="73"/>
        <source>The data folder {0} is in use by Inovasi Desk (process {1}). It synchronises there; close that window (or wait for the other --sync-once) and run again.</source>
        <translation>Folder data {0} sedang dipakai oleh Inovasi Desk (proses {1}). Sinkronisasinya berjalan di sana; tutup jendela itu (atau tunggu --sync-once yang lain selesai) lalu jalankan lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="117"/>
        <source>No server is set. Give it once with --server URL (it is remembered).</source>
        <translation>Server belum diatur. Berikan sekali dengan --server URL (akan diingat).</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="143"/>
        <source>Not signed in on {0}. Give --user NAME; the password is read from standard input.</source>
        <translation>Belum masuk di {0}. Berikan --user NAMA; kata sandi dibaca dari masukan standar.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="156"/>
        <source>Sign-in refused: {0}</source>
        <translation>Masuk ditolak: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="176"/>
        <source>Sent {0}, received {1}, downloaded {2}, left {3}, refused {4}.</source>
        <translation>Terkirim {0}, diterima {1}, diunduh {2}, tersisa {3}, ditolak {4}.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_once.py" line="183"/>
        <source>Sign in again (--user NAME).</source>
        <translation>Masuk kembali (--user NAMA).</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>showing {0} of {1}</source>
        <translation>menampilkan {0} dari {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="287"/>
        <source>Next try</source>
        <translation>Berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="63"/>
        <source>did not finish</source>
        <translation>tidak selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="66"/>
        <source>{0} s</source>
        <translation>{0} dtk</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="67"/>
        <source>{0} min {1} s</source>
        <translation>{0} mnt {1} dtk</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="244"/>
        <source>Synchronisation</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="245"/>
        <source>Sign &amp;in…</source>
        <translation>&amp;Masuk…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="246"/>
        <source>Sign &amp;out</source>
        <translation>&amp;Keluar akun</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="247"/>
        <source>&amp;Synchronise now</source>
        <translation>&amp;Sinkronkan sekarang</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="249"/>
        <source>Send and fetch now, without waiting for the next automatic attempt.</source>
        <translation>Kirim dan ambil sekarang, tanpa menunggu percobaan otomatis berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="251"/>
        <source>&amp;When to synchronise:</source>
        <translation>&amp;Kapan sinkronisasi:</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="254"/>
        <source>Automatically whenever there is a connection</source>
        <translation>Otomatis setiap ada koneksi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="255"/>
        <source>Only on networks without a data quota (not mobile data)</source>
        <translation>Hanya di jaringan tidak berkuota (bukan data seluler)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="256"/>
        <source>Only when I press Synchronise now</source>
        <translation>Hanya saat saya menekan Sinkronkan sekarang</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="260"/>
        <source>&amp;Evidence to download:</source>
        <translation>&amp;Bukti yang diunduh:</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="383"/>
        <source>As suits my role ({0})</source>
        <translation>Sesuai peran saya ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="384"/>
        <source>Every file of every record I may read</source>
        <translation>Semua berkas dari semua data yang boleh saya baca</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="385"/>
        <source>Only when I open a document (plus those awaiting my review)</source>
        <translation>Hanya saat saya membuka dokumen (ditambah yang menunggu pemeriksaan saya)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="264"/>
        <source>Operators usually keep every file of their OPD on the laptop. Verifiers and leaders read the whole pemda: fetching a file when it is opened saves space and data.</source>
        <translation>Operator biasanya menyimpan semua berkas OPD-nya di laptop. Verifikator dan pimpinan membaca seluruh pemda: mengunduh berkas saat dibuka menghemat ruang dan kuota.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="269"/>
        <source>&amp;Retry</source>
        <translation>&amp;Coba lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="270"/>
        <source>Try to send the selected item again now.</source>
        <translation>Coba kirim lagi butir yang dipilih sekarang.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="271"/>
        <source>Sho&amp;w</source>
        <translation>&amp;Tampilkan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="272"/>
        <source>Open the record this item belongs to.</source>
        <translation>Buka data pemilik butir ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="273"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="276"/>
        <source>Stop sending the selected item. It stays on this laptop; Retry sends it later.</source>
        <translation>Hentikan pengiriman butir yang dipilih. Butir tetap di laptop ini; Coba lagi akan mengirimnya nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="279"/>
        <source>Resol&amp;ve conflict…</source>
        <translation>Selesaikan &amp;konflik…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="282"/>
        <source>Record or file</source>
        <translation>Data atau berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="288"/>
        <source>Last problem</source>
        <translation>Masalah terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="495"/>
        <source>Not yet synchronised ({0})</source>
        <translation>Belum tersinkron ({0})</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/windows/sync_page.py" line="497"/>
        <source>%n file(s) kept on the server until opened</source>
        <translation>
            <numerusform>%n berkas tetap di server sampai dibuka</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="500"/>
        <source>Everything is synchronised.</source>
        <translation>Semua sudah tersinkron.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="524"/>
        <source>Downloading {0}</source>
        <translation>Mengunduh {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="526"/>
        <source>Sending {0}</source>
        <translation>Mengirim {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="551"/>
        <source>Not completed</source>
        <translation>Tidak selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="668"/>
        <location filename="../../desktop/windows/sync_page.py" line="675"/>
        <source>every file</source>
        <translation>semua berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="674"/>
        <source>when opened</source>
        <translation>saat dibuka</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="283"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="284"/>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="285"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="286"/>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="291"/>
        <location filename="../../desktop/windows/sync_page.py" line="566"/>
        <source>Recent synchronisations</source>
        <translation>Riwayat sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="294"/>
        <source>Started</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="295"/>
        <source>Duration</source>
        <translation>Lama</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="296"/>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="297"/>
        <source>Received</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="298"/>
        <source>Downloaded</source>
        <translation>Diunduh</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="299"/>
        <source>Conflicts</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="300"/>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="301"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="341"/>
        <source>Signed in as &lt;b&gt;{0}&lt;/b&gt; ({1}) on {2}</source>
        <translation>Masuk sebagai &lt;b&gt;{0}&lt;/b&gt; ({1}) di {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="350"/>
        <source>Your sign-in on {0} has ended. Sign in again to continue sending; nothing waiting to be sent is lost.</source>
        <translation>Sesi Anda di {0} telah berakhir. Masuk kembali untuk melanjutkan pengiriman; tidak ada antrean yang hilang.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="359"/>
        <source>Not signed in. Sign in to send your work to the pemda&apos;s server; until then it stays safe on this laptop.</source>
        <translation>Belum masuk. Masuk untuk mengirim pekerjaan Anda ke server pemda; sampai saat itu semuanya aman di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="369"/>
        <source>Last problem: {0}</source>
        <translation>Masalah terakhir: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="442"/>
        <source>Could not read the queue: {0}</source>
        <translation>Antrean tidak dapat dibaca: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="474"/>
        <source>{0} (of {1})</source>
        <translation>{0} (dari {1})</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="548"/>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="551"/>
        <source>Not completed: {0}</source>
        <translation>Tidak selesai: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/sync_page.py" line="568"/>
        <source>Recent synchronisations: none yet</source>
        <translation>Riwayat sinkronisasi: belum ada</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <location filename="../../desktop/sync_words.py" line="40"/>
        <source>HH:mm</source>
        <translation>HH.mm</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="45"/>
        <source>d MMM</source>
        <translation>d MMM</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="50"/>
        <source>{0} KB/s</source>
        <translation>{0} KB/s</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="51"/>
        <source>{0:.1f} MB/s</source>
        <translation>{0:.1f} MB/s</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="57"/>
        <source>{0} s left</source>
        <translation>sisa {0} detik</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="60"/>
        <source>{0} min left</source>
        <translation>sisa {0} menit</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="61"/>
        <source>{0} h {1} min left</source>
        <translation>sisa {0} jam {1} menit</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="66"/>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="87"/>
        <source>Not signed in.</source>
        <translation>Belum masuk.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="88"/>
        <source>Signed out.</source>
        <translation>Sudah keluar akun.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="89"/>
        <source>Your sign-in has expired; sign in again.</source>
        <translation>Masa masuk Anda sudah habis; masuk kembali.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="92"/>
        <source>The server no longer accepts your sign-in; sign in again.</source>
        <translation>Server tidak lagi menerima sesi masuk Anda; masuk kembali.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="95"/>
        <source>Synchronising only when you press Synchronise now.</source>
        <translation>Sinkronisasi hanya saat Anda menekan Sinkronkan sekarang.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="98"/>
        <source>The network may cost data (or is not known to be free): waiting for another one.</source>
        <translation>Jaringan ini mungkin memakai kuota (atau tidak diketahui gratis): menunggu jaringan lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="102"/>
        <source>The server cannot be reached (no network, or it is down).</source>
        <translation>Server tidak dapat dihubungi (tidak ada jaringan, atau server mati).</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="105"/>
        <source>The server did not answer in time.</source>
        <translation>Server tidak menjawab tepat waktu.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="106"/>
        <source>The network wants a login in the browser before it lets anything through.</source>
        <translation>Jaringan meminta Anda masuk lewat peramban sebelum mengizinkan data lewat.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="109"/>
        <source>The server is having trouble; trying again later.</source>
        <translation>Server sedang bermasalah; dicoba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="112"/>
        <source>The server is busy; trying again later.</source>
        <translation>Server sedang sibuk; dicoba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="113"/>
        <source>The server did not answer for this item; trying again.</source>
        <translation>Server tidak memberi jawaban untuk butir ini; dicoba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="116"/>
        <source>Will be tried again.</source>
        <translation>Akan dicoba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="117"/>
        <source>An internal error stopped the synchronisation; the log has details.</source>
        <translation>Kesalahan internal menghentikan sinkronisasi; rinciannya ada di log.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="120"/>
        <source>Stopped.</source>
        <translation>Dihentikan.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="121"/>
        <source>The copy of this file on this laptop is damaged; run Check archive.</source>
        <translation>Salinan berkas ini di laptop rusak; jalankan Periksa arsip.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="124"/>
        <source>The file is not on the server yet (its sender has not finished sending it).</source>
        <translation>Berkas belum ada di server (pengirimnya belum selesai mengirim).</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="128"/>
        <source>The downloaded file was damaged on the way twice; it will be fetched again later.</source>
        <translation>Berkas yang diunduh dua kali rusak di jalan; akan diunduh lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="132"/>
        <source>This file is neither here nor on the server.</source>
        <translation>Berkas ini tidak ada di sini maupun di server.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/sync_words.py" line="139"/>
        <source>%n item(s) need your attention.</source>
        <translation>
            <numerusform>%n butir perlu perhatian Anda.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="141"/>
        <source>A record from the server cannot be read by this version; update the app.</source>
        <translation>Data dari server tidak dapat dibaca versi ini; perbarui aplikasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="145"/>
        <source>The server does not accept a file this large.</source>
        <translation>Server tidak menerima berkas sebesar ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="148"/>
        <source>The server does not accept this kind of file.</source>
        <translation>Server tidak menerima jenis berkas ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="152"/>
        <source>Refused by the server: {0}</source>
        <translation>Ditolak server: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="154"/>
        <source>Refused by the server.</source>
        <translation>Ditolak server.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="156"/>
        <source>Unknown problem.</source>
        <translation>Masalah tidak dikenal.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="176"/>
        <source>Synchronising</source>
        <translation>Menyinkronkan</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="178"/>
        <source>Synchronising {0} of {1}</source>
        <translation>Menyinkronkan {0} dari {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="180"/>
        <source>Sending {0} of {1}</source>
        <translation>Mengirim {0} dari {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="194"/>
        <location filename="../../desktop/sync_words.py" line="229"/>
        <source>Not signed in</source>
        <translation>Belum masuk</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/sync_words.py" line="197"/>
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n perlu perhatian</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="207"/>
        <source>Offline (the network wants a login in the browser)</source>
        <translation>Offline (jaringan meminta login di peramban)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="208"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="212"/>
        <source>Waiting for a connection (retry at {0})</source>
        <translation>Menunggu koneksi (coba lagi {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="216"/>
        <source>Waiting for a connection</source>
        <translation>Menunggu koneksi</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="221"/>
        <source>Synchronised ({0})</source>
        <translation>Tersinkron ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="225"/>
        <source>Synchronised</source>
        <translation>Tersinkron</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="230"/>
        <source>Please sign in again</source>
        <translation>Perlu masuk kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="234"/>
        <source>Waiting for a network without a data quota</source>
        <translation>Menunggu jaringan tanpa kuota</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="236"/>
        <source>Synchronising only when asked</source>
        <translation>Sinkronisasi hanya saat diminta</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="237"/>
        <source>Synchronisation stopped</source>
        <translation>Sinkronisasi berhenti</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="265"/>
        <source>Downloaded when opened</source>
        <translation>Diunduh saat dibuka</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="267"/>
        <source>Waiting to download</source>
        <translation>Menunggu diunduh</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="269"/>
        <source>Queued</source>
        <translation>Dalam antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="274"/>
        <source>Downloading {0}</source>
        <translation>Mengunduh {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="276"/>
        <source>Sending {0}</source>
        <translation>Mengirim {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="279"/>
        <source>Downloading</source>
        <translation>Mengunduh</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="279"/>
        <source>Sending</source>
        <translation>Mengirim</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="281"/>
        <source>Waiting to retry</source>
        <translation>Menunggu dicoba lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="283"/>
        <source>Refused by the server</source>
        <translation>Ditolak server</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="285"/>
        <source>Conflict: choose which values to keep</source>
        <translation>Konflik: pilih nilai yang dipertahankan</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="287"/>
        <source>Held back (kept on this laptop)</source>
        <translation>Ditahan (tetap di laptop ini)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="294"/>
        <source>Evidence file (download)</source>
        <translation>Berkas bukti dukung (unduhan)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="295"/>
        <source>Evidence file</source>
        <translation>Berkas bukti dukung</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="297"/>
        <source>Regional profile</source>
        <translation>Profil Pemda</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="299"/>
        <source>Workflow step</source>
        <translation>Langkah alur kerja</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="300"/>
        <source>Innovation</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="306"/>
        <source>(unnamed file)</source>
        <translation>(berkas tanpa nama)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_words.py" line="308"/>
        <source>SPD profile {0}</source>
        <translation>Profil SPD {0}</translation>
    </message>
</context>
</TS>
