<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>FinishDialog</name>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="147"/>
        <source>Finish the review</source>
        <translation>Selesaikan pemeriksaan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="150"/>
        <source>&amp;Approved (Disetujui)</source>
        <translation>&amp;Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="151"/>
        <source>&amp;Return for revision (Perlu revisi)</source>
        <translation>Pe&amp;rlu revisi (kembalikan ke OPD)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="167"/>
        <source>Note to the OPD: what must be fixed (required when returning)</source>
        <translation>Catatan untuk OPD: apa yang harus diperbaiki (wajib bila dikembalikan)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="182"/>
        <source>QC status</source>
        <translation>Status QC</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="184"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="206"/>
        <source>Write what the OPD must fix before returning it.</source>
        <translation>Tuliskan apa yang harus diperbaiki OPD sebelum mengembalikannya.</translation>
    </message>
</context>
<context>
    <name>ListSubmit</name>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="103"/>
        <source>{0}: only an operator of its OPD can submit it.</source>
        <translation>{0}: hanya operator OPD pemiliknya yang dapat mengajukan.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="108"/>
        <source>{0}: nothing to submit now.</source>
        <translation>{0}: tidak ada yang perlu diajukan sekarang.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/list_actions.py" line="114"/>
        <source>Cannot be submitted yet: %n thing(s) to complete</source>
        <translation>
            <numerusform>Belum dapat diajukan: %n hal harus dilengkapi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="128"/>
        <source>The server refused “{0}”: {1}</source>
        <translation>Server menolak “{0}”: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="153"/>
        <source>The step could not be saved on this laptop: {0}</source>
        <translation>Langkah ini tidak dapat disimpan di laptop ini: {0}</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <location filename="../../desktop/review/queue.py" line="61"/>
        <source>To review</source>
        <translation>Untuk diperiksa</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="62"/>
        <source>Returned for revision</source>
        <translation>Dikembalikan untuk revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="63"/>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="64"/>
        <source>Ready to send</source>
        <translation>Siap kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="65"/>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="66"/>
        <source>All past draft</source>
        <translation>Semua selain draf</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="294"/>
        <source>Innovation</source>
        <translation>Inovasi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="295"/>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="296"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="297"/>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="298"/>
        <source>Judged</source>
        <translation>Dinilai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="299"/>
        <source>Evidence here</source>
        <translation>Bukti di laptop</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/queue.py" line="326"/>
        <source>%n verdict(s) refused: the evidence changed since you checked it.</source>
        <translation>
            <numerusform>%n penilaian ditolak: bukti berubah sejak Anda memeriksa.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewQueuePage</name>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="53"/>
        <source>Verification</source>
        <translation>Verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="59"/>
        <source>Search innovation name…</source>
        <translation>Cari nama inovasi…</translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="62"/>
        <source>Filter by state</source>
        <translation>Saring menurut status</translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="64"/>
        <source>Filter by OPD</source>
        <translation>Saring menurut OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="66"/>
        <source>Filter by waiting time</source>
        <translation>Saring menurut lama menunggu</translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="69"/>
        <source>Any waiting time</source>
        <translation>Berapa pun lamanya menunggu</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="70"/>
        <source>Waiting %n day(s) or more</source>
        <translation>
            <numerusform>Menunggu %n hari atau lebih</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="120"/>
        <source>All OPDs</source>
        <translation>Semua OPD</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="149"/>
        <source>%n to review</source>
        <translation>
            <numerusform>%n untuk diperiksa</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="151"/>
        <source>%n shown</source>
        <translation>
            <numerusform>%n ditampilkan</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="155"/>
        <source>Nothing here. Submitted innovations arrive with the synchronisation.</source>
        <translation>Tidak ada di sini. Inovasi yang diajukan datang bersama sinkronisasi.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="252"/>
        <source>← Queue</source>
        <translation>← Antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="253"/>
        <source>Back to the review queue (Alt+Left)</source>
        <translation>Kembali ke antrean verifikasi (Alt+Kiri)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="255"/>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="261"/>
        <source>Finish… (Ctrl+Enter)</source>
        <translation>Selesai… (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="313"/>
        <source>Evidence required</source>
        <translation>Bukti yang diminta</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="318"/>
        <source>What the checks found</source>
        <translation>Temuan pemeriksaan otomatis</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="321"/>
        <source>Nothing: the checks found no problem.</source>
        <translation>Tidak ada: pemeriksaan tidak menemukan masalah.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="323"/>
        <source>This document</source>
        <translation>Dokumen ini</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="362"/>
        <source>Verified level:</source>
        <translation>Level terverifikasi:</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="373"/>
        <source>Note (required for Tidak Sesuai); Enter saves</source>
        <translation>Catatan (wajib untuk Tidak Sesuai); Enter menyimpan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="403"/>
        <source>S Sesuai · T Tidak Sesuai · D Tidak Dapat Diukur · 1–3 verified level · N next document · Shift+N previous · Ctrl+PgDown next indicator · Ctrl+Enter finish</source>
        <translation>S Sesuai · T Tidak Sesuai · D Tidak Dapat Diukur · 1–3 level terverifikasi · N dokumen berikutnya · Shift+N sebelumnya · Ctrl+PgDown indikator berikutnya · Ctrl+Enter selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="450"/>
        <source>This innovation is no longer on this laptop.</source>
        <translation>Inovasi ini tidak ada lagi di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="457"/>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="479"/>
        <source>The OPD claimed no indicator.</source>
        <translation>OPD tidak mengklaim indikator apa pun.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/review_screen.py" line="499"/>
        <source>%n of %1 judged</source>
        <translation>
            <numerusform>%n dari %1 dinilai</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="507"/>
        <source>evidence changed</source>
        <translation>bukti berubah</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="509"/>
        <source>not judged</source>
        <translation>belum dinilai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="511"/>
        <source>Sesuai {0}</source>
        <translation>Sesuai {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="518"/>
        <source>claimed {0}</source>
        <translation>klaim {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="523"/>
        <source>⇡ will be sent with the next synchronisation</source>
        <translation>⇡ dikirim pada sinkronisasi berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="569"/>
        <source>That was the last document. Ctrl+Enter finishes.</source>
        <translation>Itu dokumen terakhir. Ctrl+Enter untuk menyelesaikan.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="596"/>
        <source>claimed</source>
        <translation>diklaim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="598"/>
        <source>verified</source>
        <translation>terverifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="599"/>
        <source>Level {0}</source>
        <translation>Level {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="614"/>
        <source>The evidence changed since you checked it. Check it again, then give your verdict.</source>
        <translation>Bukti berubah sejak Anda memeriksa. Periksa lagi, lalu beri penilaian.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="637"/>
        <source>Not judged yet.</source>
        <translation>Belum dinilai.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="639"/>
        <source>{0}, verified level {1}.</source>
        <translation>{0}, level terverifikasi {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="643"/>
        <source>Sent with the next synchronisation.</source>
        <translation>Dikirim pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="658"/>
        <source>No document for this indicator.</source>
        <translation>Tidak ada dokumen untuk indikator ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="659"/>
        <source>The OPD attached no document to this indicator.</source>
        <translation>OPD tidak melampirkan dokumen pada indikator ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="665"/>
        <source>Document {0} of {1}: {2}</source>
        <translation>Dokumen {0} dari {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="669"/>
        <source>A link: {0}</source>
        <translation>Tautan: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="674"/>
        <source>{0}: no preview for this kind of file (use Save a copy in the editor).</source>
        <translation>{0}: jenis berkas ini tidak dapat ditampilkan (gunakan Simpan salinan di editor).</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="769"/>
        <source>Kind: {0}</source>
        <translation>Jenis: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="771"/>
        <source>Number: {0}</source>
        <translation>Nomor: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="776"/>
        <source>Date: {0}</source>
        <translation>Tanggal: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="778"/>
        <source>About: {0}</source>
        <translation>Tentang: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="780"/>
        <source>Year: {0}</source>
        <translation>Tahun: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="784"/>
        <source>No details entered by the OPD.</source>
        <translation>OPD tidak mengisi keterangan dokumen.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="814"/>
        <location filename="../../desktop/review/review_screen.py" line="849"/>
        <source>Tidak Sesuai, verified level {0}: write the note, then Enter.</source>
        <translation>Tidak Sesuai, level terverifikasi {0}: tulis catatannya, lalu Enter.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="836"/>
        <source>The verified level cannot be above the claim ({0}).</source>
        <translation>Level terverifikasi tidak boleh di atas klaim ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="843"/>
        <source>Tidak Sesuai needs a level below the claim ({0}).</source>
        <translation>Tidak Sesuai memerlukan level di bawah klaim ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="922"/>
        <source>The verdict could not be saved: {0}</source>
        <translation>Penilaian tidak dapat disimpan: {0}</translation>
    </message>
</context>
<context>
    <name>ReviewShell</name>
    <message>
        <location filename="../../desktop/review/shell.py" line="80"/>
        <source>Verification</source>
        <translation>Verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/shell.py" line="124"/>
        <source>Read only: only the pemda admin changes the regional profile.</source>
        <translation>Hanya baca: hanya admin pemda yang mengubah profil pemda.</translation>
    </message>
</context>
<context>
    <name>ReviewWords</name>
    <message>
        <location filename="../../desktop/review/words.py" line="27"/>
        <source>Submit</source>
        <translation>Ajukan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="28"/>
        <source>Withdraw</source>
        <translation>Tarik kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="29"/>
        <source>Submit again</source>
        <translation>Ajukan ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="30"/>
        <source>Approve for the OPD</source>
        <translation>Sahkan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="31"/>
        <source>Give verdicts</source>
        <translation>Beri penilaian</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="32"/>
        <source>Return for revision</source>
        <translation>Perlu revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="33"/>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="34"/>
        <source>Ready to send</source>
        <translation>Siap kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="35"/>
        <source>Mark as sent</source>
        <translation>Tandai terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="36"/>
        <source>Reopen</source>
        <translation>Buka kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="44"/>
        <source>Submitted</source>
        <translation>Diajukan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="45"/>
        <source>Withdrawn</source>
        <translation>Ditarik kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="46"/>
        <source>Submitted again</source>
        <translation>Diajukan ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="47"/>
        <source>Approved by the OPD head</source>
        <translation>Disahkan kepala OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="48"/>
        <source>Verdicts given</source>
        <translation>Penilaian diberikan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="49"/>
        <source>Returned for revision</source>
        <translation>Dikembalikan untuk revisi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="50"/>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="51"/>
        <source>Marked ready to send</source>
        <translation>Ditandai siap kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="52"/>
        <source>Marked as sent</source>
        <translation>Ditandai terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="53"/>
        <source>Reopened</source>
        <translation>Dibuka kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="60"/>
        <source>Not judged yet</source>
        <translation>Belum dinilai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="61"/>
        <source>Sesuai</source>
        <translation>Sesuai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="62"/>
        <source>Tidak Sesuai</source>
        <translation>Tidak Sesuai</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="63"/>
        <source>Tidak Dapat Diukur</source>
        <translation>Tidak Dapat Diukur</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="70"/>
        <source>QC pending</source>
        <translation>QC tertunda</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="71"/>
        <source>QC accepted</source>
        <translation>QC diterima</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="72"/>
        <source>QC rejected</source>
        <translation>QC ditolak</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="79"/>
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="80"/>
        <source>verifier</source>
        <translation>verifikator</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="81"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="82"/>
        <source>leadership</source>
        <translation>pimpinan</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="83"/>
        <source>OPD head</source>
        <translation>kepala OPD</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="95"/>
        <source>The evidence changed since you checked it (indicator {0}): check it again, then give your verdict.</source>
        <translation>Bukti berubah sejak Anda memeriksa (indikator {0}): periksa lagi, lalu beri penilaian.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="112"/>
        <source>The server refused this step.</source>
        <translation>Server menolak langkah ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="119"/>
        <source>Sending “{0}” to the server…</source>
        <translation>Mengirim “{0}” ke server…</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="123"/>
        <source>“{0}” is held on this laptop (Synchronisation page).</source>
        <translation>“{0}” ditahan di laptop ini (halaman Sinkronisasi).</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="127"/>
        <source>Will be submitted when connected.</source>
        <translation>Akan diajukan saat tersambung.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="128"/>
        <source>“{0}” will be sent when connected.</source>
        <translation>“{0}” akan dikirim saat tersambung.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="142"/>
        <source>today</source>
        <translation>hari ini</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/words.py" line="143"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n hari</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkflowBar</name>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="124"/>
        <source>Cancel this step</source>
        <translation>Batalkan langkah ini</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="127"/>
        <source>Review…</source>
        <translation>Periksa…</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="128"/>
        <source>Open the innovation on the review screen</source>
        <translation>Buka inovasi di layar verifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="131"/>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="153"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="260"/>
        <source>Complete: nothing blocks submitting. Fix what the verifier asked for (the note below, the score panel), then submit again.</source>
        <translation>Lengkap: tidak ada yang menghalangi pengajuan. Perbaiki yang diminta verifikator (catatan di bawah, panel skor), lalu Ajukan ulang.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="268"/>
        <source>Complete: nothing blocks submitting. Submit when you are ready.</source>
        <translation>Lengkap: tidak ada yang menghalangi pengajuan. Ajukan bila sudah siap.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="276"/>
        <source>{0} is not possible yet: {1}</source>
        <translation>{0} belum dapat dilakukan: {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="296"/>
        <source>Cannot be submitted yet: %n thing(s) to complete.</source>
        <translation>
            <numerusform>Belum dapat diajukan: %n hal harus dilengkapi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="308"/>
        <source>and %n more (see the score panel)</source>
        <translation>
            <numerusform>dan %n lainnya (lihat panel skor)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="321"/>
        <source>Returned for revision by {0} ({1}) on {2}: {3}</source>
        <translation>Dikembalikan untuk revisi oleh {0} ({1}) pada {2}: {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="336"/>
        <source>The server refused “{0}”: {1}</source>
        <translation>Server menolak “{0}”: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="356"/>
        <source>No steps yet: a draft.</source>
        <translation>Belum ada langkah: masih draf.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="358"/>
        <source>History (%n)</source>
        <translation>
            <numerusform>Riwayat (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="373"/>
        <source>Why is the innovation reopened? (required)</source>
        <translation>Mengapa inovasi dibuka kembali? (wajib)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="375"/>
        <source>What must the OPD fix? (required)</source>
        <translation>Apa yang harus diperbaiki OPD? (wajib)</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="385"/>
        <source>Has this innovation been entered in the national application? It is then locked for the year.</source>
        <translation>Apakah inovasi ini sudah dimasukkan ke aplikasi nasional? Setelah itu inovasi terkunci untuk tahun ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="409"/>
        <source>The step could not be saved on this laptop: {0}</source>
        <translation>Langkah ini tidak dapat disimpan di laptop ini: {0}</translation>
    </message>
</context>
</TS>
