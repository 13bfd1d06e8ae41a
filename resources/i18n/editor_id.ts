<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>CoordinatesInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="284"/>
        <source>latitude, longitude (e.g. -6.2088, 106.8456)</source>
        <translation>lintang, bujur (mis. -6.2088, 106.8456)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="309"/>
        <source>Type latitude and longitude separated by a comma, e.g. -6.2088, 106.8456.</source>
        <translation>Ketik lintang dan bujur dipisahkan koma, mis. -6.2088, 106.8456.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="54"/>
        <source>dd-mm-yyyy</source>
        <translation>hh-bb-tttt</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="59"/>
        <source>Choose from a calendar</source>
        <translation>Pilih dari kalender</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="109"/>
        <source>Not a date. Type it as dd-mm-yyyy, e.g. 17-08-2025.</source>
        <translation>Bukan tanggal. Ketik dengan format hh-bb-tttt, mis. 17-08-2025.</translation>
    </message>
</context>
<context>
    <name>EnumInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="141"/>
        <source>— choose —</source>
        <translation>— pilih —</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="161"/>
        <source>{0} (not in this year&apos;s list)</source>
        <translation>{0} (tidak ada dalam daftar tahun ini)</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="230"/>
        <source>Evidence documents</source>
        <translation>Bukti dukung</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="233"/>
        <source>{0} · max. {1}</source>
        <translation>{0} · maks. {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="240"/>
        <source>Add file…</source>
        <translation>Tambah berkas…</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="241"/>
        <source>Add link…</source>
        <translation>Tambah tautan…</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="254"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="273"/>
        <source>No documents yet. Drag files here or use “Add file…”.</source>
        <translation>Belum ada dokumen. Seret berkas ke sini atau pilih “Tambah berkas…”.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="284"/>
        <source>e.g. 188.4/123/2025</source>
        <translation>mis. 188.4/123/2025</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="287"/>
        <source>What the document is about</source>
        <translation>Tentang apa dokumen ini</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="290"/>
        <source>Move up</source>
        <translation>Naikkan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="291"/>
        <source>Move down</source>
        <translation>Turunkan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="292"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="293"/>
        <source>Save a copy…</source>
        <translation>Simpan salinan…</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="297"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="298"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="299"/>
        <source>About</source>
        <translation>Tentang</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="300"/>
        <source>Link</source>
        <translation>Tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="375"/>
        <source>No documents.</source>
        <translation>Tidak ada dokumen.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="503"/>
        <source>Importing {0}… %p%</source>
        <translation>Mengimpor {0}… %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="549"/>
        <source>“{0}” could not be read ({1}). Check that the file still exists and is not open in another program, then add it again.</source>
        <translation>“{0}” tidak dapat dibaca ({1}). Pastikan berkas masih ada dan tidak sedang dibuka program lain, lalu tambahkan lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="553"/>
        <source>“{0}” was not attached: {1}</source>
        <translation>“{0}” tidak dilampirkan: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="605"/>
        <source>Shrinking {0}…</source>
        <translation>Memperkecil {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="618"/>
        <source>Converting {0}…</source>
        <translation>Mengubah {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="649"/>
        <source>Add evidence</source>
        <translation>Tambah bukti dukung</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="649"/>
        <source>Evidence ({0})</source>
        <translation>Bukti dukung ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="657"/>
        <source>Add link</source>
        <translation>Tambah tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="657"/>
        <source>Address (e.g. a YouTube or Google Drive link):</source>
        <translation>Alamat (mis. tautan YouTube atau Google Drive):</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="694"/>
        <source>{0}: video, {1} minutes, {2}.</source>
        <translation>{0}: video, {1} menit, {2}.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="847"/>
        <source>Save a copy</source>
        <translation>Simpan salinan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="857"/>
        <source>The copy could not be saved: {0}</source>
        <translation>Salinan tidak dapat disimpan: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="891"/>
        <source>link</source>
        <translation>tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="896"/>
        <source>{0} page(s)</source>
        <translation>{0} halaman</translation>
    </message>
</context>
<context>
    <name>EvidencePreview</name>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="48"/>
        <source>This file is damaged on this computer and the server does not have it. Attach the original file again.</source>
        <translation>Berkas ini rusak di komputer ini dan tidak ada di server. Lampirkan lagi berkas aslinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="53"/>
        <source>This file is damaged on this computer. If the server has it, its copy replaces this one with the next synchronisation; otherwise attach the original file again.</source>
        <translation>Berkas ini rusak di komputer ini. Bila server memilikinya, salinan dari server menggantikannya pada sinkronisasi berikutnya; bila tidak, lampirkan lagi berkas aslinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="151"/>
        <location filename="../../desktop/widgets/preview.py" line="248"/>
        <source>Choose a document to preview it.</source>
        <translation>Pilih dokumen untuk melihat pratinjaunya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="182"/>
        <source>This file is not on this computer. If the server has it, it is downloaded with the next synchronisation; otherwise attach the original file again.</source>
        <translation>Berkas ini tidak ada di komputer ini. Bila server memilikinya, berkas diunduh pada sinkronisasi berikutnya; bila tidak, lampirkan lagi berkas aslinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="188"/>
        <source>This file cannot be read right now. Try again; if it keeps failing, run File &gt; Check archive.</source>
        <translation>Berkas ini tidak dapat dibaca saat ini. Coba lagi; bila tetap gagal, jalankan Berkas &gt; Periksa arsip.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="230"/>
        <source>This PDF cannot be shown (damaged or password-protected).</source>
        <translation>PDF ini tidak dapat ditampilkan (rusak atau bersandi).</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="239"/>
        <source>This image cannot be read.</source>
        <translation>Gambar ini tidak dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="242"/>
        <source>No preview for this file. Use “Save a copy…” and open it in another app.</source>
        <translation>Pratinjau tidak tersedia untuk jenis berkas ini. Pilih “Simpan salinan…” lalu buka dengan aplikasi lain.</translation>
    </message>
</context>
<context>
    <name>FileFetch</name>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="308"/>
        <source>This file is damaged on this computer. Sign in on the Synchronisation page: the server&apos;s copy replaces it with the next synchronisation.</source>
        <translation>Berkas ini rusak di komputer ini. Masuk di halaman Sinkronisasi: salinan dari server menggantikannya pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="313"/>
        <source>This file is not on this laptop yet. Sign in on the Synchronisation page: it is downloaded with the next synchronisation.</source>
        <translation>Berkas ini belum ada di laptop ini. Masuk di halaman Sinkronisasi: berkas diunduh pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="379"/>
        <source>Downloading this file is held back or was refused; see the Synchronisation page.</source>
        <translation>Unduhan berkas ini ditahan atau ditolak; lihat halaman Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="386"/>
        <source>This file comes once you sign in again on the Synchronisation page.</source>
        <translation>Berkas ini datang setelah Anda masuk kembali di halaman Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="390"/>
        <source>No connection to the server. The file is downloaded as soon as this laptop is connected (next try at {0}).</source>
        <translation>Tidak ada koneksi ke server. Berkas diunduh begitu laptop ini tersambung (coba lagi pukul {0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="395"/>
        <source>No connection to the server. The file is downloaded as soon as this laptop is connected.</source>
        <translation>Tidak ada koneksi ke server. Berkas diunduh begitu laptop ini tersambung.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="403"/>
        <source>{0} Next try at {1}.</source>
        <translation>{0} Dicoba lagi pukul {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="422"/>
        <source>Downloading ({0})</source>
        <translation>Sedang diunduh ({0})</translation>
    </message>
</context>
<context>
    <name>IndicatorPage</name>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="326"/>
        <source>level {0}</source>
        <translation>level {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="326"/>
        <source>not answered</source>
        <translation>belum dijawab</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="332"/>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="334"/>
        <source>verified {0}</source>
        <translation>terverifikasi {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="337"/>
        <source>{0} document(s)</source>
        <translation>{0} dokumen</translation>
    </message>
</context>
<context>
    <name>IndicatorPanel</name>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="81"/>
        <source>Weight {0}</source>
        <translation>Bobot {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="83"/>
        <source>mandatory</source>
        <translation>wajib</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="107"/>
        <source>Evidence required</source>
        <translation>Bukti dukung yang diminta</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="152"/>
        <source>pending</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="153"/>
        <source>matches the evidence</source>
        <translation>sesuai dengan bukti</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="154"/>
        <source>does not match the evidence</source>
        <translation>tidak sesuai dengan bukti</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="155"/>
        <source>cannot be measured</source>
        <translation>tidak dapat diukur</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="160"/>
        <source>Verifier&apos;s earlier note (to be checked again): {0}</source>
        <translation>Catatan verifikator sebelumnya (akan diperiksa lagi): {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="164"/>
        <source>Verifier: {0}; verified level {1} (claimed {2}).</source>
        <translation>Verifikator: {0}; level terverifikasi {1} (diklaim {2}).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="168"/>
        <source>Note: {0}</source>
        <translation>Catatan: {0}</translation>
    </message>
</context>
<context>
    <name>InnovationEditor</name>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="102"/>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="108"/>
        <source>&amp;Delete draft</source>
        <translation>&amp;Hapus draf</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="109"/>
        <source>Delete this draft (only drafts can be deleted).</source>
        <translation>Hapus draf ini (hanya draf yang dapat dihapus).</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="139"/>
        <source>This innovation cannot be opened</source>
        <translation>Inovasi ini tidak dapat dibuka</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="146"/>
        <source>It no longer exists in this data folder.</source>
        <translation>Inovasi ini sudah tidak ada di folder data ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="162"/>
        <source>&amp;Profile</source>
        <translation>&amp;Profil</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="163"/>
        <source>&amp;Indicators</source>
        <translation>&amp;Indikator</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="489"/>
        <location filename="../../desktop/windows/editor/window.py" line="490"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="491"/>
        <source>All changes saved</source>
        <translation>Semua perubahan tersimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="492"/>
        <source>Could not save yet; trying again. Your changes are kept.</source>
        <translation>Belum dapat menyimpan; dicoba lagi. Perubahan Anda tetap ada.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="502"/>
        <source>{0} · assessment year {1} · {2}</source>
        <translation>{0} · tahun penilaian {1} · {2}</translation>
    </message>
</context>
<context>
    <name>LevelChooser</name>
    <message>
        <location filename="../../desktop/widgets/level_chooser.py" line="54"/>
        <source>Not answered</source>
        <translation>Belum dijawab</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/level_chooser.py" line="56"/>
        <source>Level {0}</source>
        <translation>Level {0}</translation>
    </message>
</context>
<context>
    <name>MultiEnumInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="244"/>
        <source>Chosen: {0}</source>
        <translation>Dipilih: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="244"/>
        <source>None chosen.</source>
        <translation>Belum ada yang dipilih.</translation>
    </message>
</context>
<context>
    <name>RejectionPanel</name>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="140"/>
        <source>Shrink file</source>
        <translation>Perkecil berkas</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="142"/>
        <source>Add a link instead</source>
        <translation>Gunakan tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="143"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="161"/>
        <source>“{0}” was not attached.</source>
        <translation>“{0}” tidak dilampirkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="169"/>
        <source>Convert to {0}</source>
        <translation>Ubah ke {0}</translation>
    </message>
</context>
<context>
    <name>RichTextInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="131"/>
        <source>{0} words (minimum {1})</source>
        <translation>{0} kata (minimal {1})</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="46"/>
        <location filename="../../desktop/windows/editor/score_panel.py" line="140"/>
        <source>Kematangan score (claimed)</source>
        <translation>Skor kematangan (klaim)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="55"/>
        <source>What the verifier did not accept</source>
        <translation>Yang tidak diterima verifikator</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="71"/>
        <source>Mandatory indicators still open</source>
        <translation>Indikator wajib yang belum dijawab</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="75"/>
        <source>What blocks submitting</source>
        <translation>Yang menghalangi pengajuan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="143"/>
        <source>Kematangan: claimed · verified</source>
        <translation>Kematangan: diklaim · terverifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="154"/>
        <source>Verified: {0} of {1} claimed ({2} points not accepted)</source>
        <translation>Terverifikasi: {0} dari {1} yang diklaim ({2} poin tidak diterima)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="201"/>
        <source>level {0} → {1}, −{2} points</source>
        <translation>level {0} → {1}, −{2} poin</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="165"/>
        <source>{0} of {1} indicators answered</source>
        <translation>{0} dari {1} indikator dijawab</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="167"/>
        <source>All answered.</source>
        <translation>Semua sudah dijawab.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="173"/>
        <source>Nothing: ready to submit.</source>
        <translation>Tidak ada: siap diajukan.</translation>
    </message>
</context>
<context>
    <name>SpdPage</name>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="275"/>
        <source>Regional government profile (SPD)</source>
        <translation>Profil Pemda (SPD)</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="280"/>
        <source>Assessment year {0}</source>
        <translation>Tahun penilaian {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="357"/>
        <source>The SPD rows of rule year {0} are not known. Choose another year.</source>
        <translation>Baris SPD untuk aturan tahun {0} belum diketahui. Pilih tahun lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="436"/>
        <source>SPD score: {0} / {1}</source>
        <translation>Skor SPD: {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="449"/>
        <source>level {0}</source>
        <translation>level {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="449"/>
        <source>not answered</source>
        <translation>belum dijawab</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="452"/>
        <source>{0} document(s)</source>
        <translation>{0} dokumen</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="518"/>
        <location filename="../../desktop/windows/spd_page.py" line="519"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="520"/>
        <source>All changes saved</source>
        <translation>Semua perubahan tersimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="521"/>
        <source>Could not save yet; trying again. Your changes are kept.</source>
        <translation>Belum dapat menyimpan; dicoba lagi. Perubahan Anda tetap ada.</translation>
    </message>
</context>
<context>
    <name>SpdRowPanel</name>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="74"/>
        <source>Weight {0}</source>
        <translation>Bobot {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="76"/>
        <source>mandatory</source>
        <translation>wajib</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="93"/>
        <location filename="../../desktop/windows/spd_page.py" line="110"/>
        <source>the number, e.g. 5,23</source>
        <translation>angkanya, mis. 5,23</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="114"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="114"/>
        <source>Or the figure itself</source>
        <translation>Atau angkanya langsung</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="126"/>
        <source>Level {0}: {1}</source>
        <translation>Level {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="145"/>
        <source>Evidence required</source>
        <translation>Bukti dukung yang diminta</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="179"/>
        <source>Enter the values above: the figure follows.</source>
        <translation>Isi nilai di atas: angkanya dihitung otomatis.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="186"/>
        <source>A growth from 0 cannot be computed: check the earlier value.</source>
        <translation>Pertumbuhan dari 0 tidak dapat dihitung: periksa nilai tahun sebelumnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="189"/>
        <source>Enter every value above: the figure follows.</source>
        <translation>Isi semua nilai di atas: angkanya dihitung otomatis.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="192"/>
        <source>Figure: {0} {1}</source>
        <translation>Angka: {0} {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="202"/>
        <location filename="../../desktop/windows/spd_page.py" line="224"/>
        <source>Not a number. Type digits with a decimal comma, e.g. 5,23.</source>
        <translation>Bukan angka. Ketik angka dengan koma desimal, mis. 5,23.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="235"/>
        <source>No value yet: this row scores 0.</source>
        <translation>Belum ada nilai: baris ini bernilai 0.</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="241"/>
        <source>→ Level {0}: {1}</source>
        <translation>→ Level {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="244"/>
        <source>→ no level: this value scores 0.</source>
        <translation>→ tanpa level: nilai ini bernilai 0.</translation>
    </message>
</context>
<context>
    <name>TextInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="73"/>
        <source>A link starts with https:// (e.g. a YouTube or Google Drive address).</source>
        <translation>Tautan diawali https:// (mis. alamat YouTube atau Google Drive).</translation>
    </message>
</context>
</TS>
