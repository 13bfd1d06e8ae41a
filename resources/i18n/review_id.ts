<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>FinishDialog</name>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="147"/>
        <source>Finish the review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="150"/>
        <source>&amp;Approved (Disetujui)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="151"/>
        <source>&amp;Return for revision (Perlu revisi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="167"/>
        <source>Note to the OPD: what must be fixed (required when returning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="182"/>
        <source>QC status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="184"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="206"/>
        <source>Write what the OPD must fix before returning it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListSubmit</name>
    <message numerus="yes">
        <location filename="../../desktop/review/list_actions.py" line="95"/>
        <source>Cannot be submitted yet: %n thing(s) to complete</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="109"/>
        <source>The server refused “{0}”: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/list_actions.py" line="134"/>
        <source>The step could not be saved on this laptop: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <location filename="../../desktop/review/queue.py" line="61"/>
        <source>To review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="62"/>
        <source>Returned for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="63"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="64"/>
        <source>Ready to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="65"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="66"/>
        <source>All past draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="285"/>
        <source>Innovation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="286"/>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="287"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="288"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="289"/>
        <source>Judged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/queue.py" line="290"/>
        <source>Evidence here</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/queue.py" line="317"/>
        <source>%n verdict(s) refused: the evidence changed since you checked it.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewQueuePage</name>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="54"/>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="60"/>
        <source>Search innovation name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="63"/>
        <source>Filter by state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="65"/>
        <source>Filter by OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="67"/>
        <source>Filter by waiting time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="70"/>
        <source>Any waiting time</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="71"/>
        <source>Waiting %n day(s) or more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="135"/>
        <source>All OPDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="164"/>
        <source>%n to review</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/desk_page.py" line="166"/>
        <source>%n shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/desk_page.py" line="170"/>
        <source>Nothing here. Submitted innovations arrive with the synchronisation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="251"/>
        <source>← Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="252"/>
        <source>Back to the review queue (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="254"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="260"/>
        <source>Finish… (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="312"/>
        <source>Evidence required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="317"/>
        <source>What the checks found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="320"/>
        <source>Nothing: the checks found no problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="322"/>
        <source>This document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="361"/>
        <source>Verified level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="372"/>
        <source>Note (required for Tidak Sesuai); Enter saves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="402"/>
        <source>S Sesuai · T Tidak Sesuai · D Tidak Dapat Diukur · 1–3 verified level · N next document · Shift+N previous · Ctrl+PgDown next indicator · Ctrl+Enter finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="449"/>
        <source>This innovation is no longer on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="456"/>
        <source>{0} · {1} · {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="478"/>
        <source>The OPD claimed no indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/review_screen.py" line="498"/>
        <source>%n of %1 judged</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="506"/>
        <source>evidence changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="508"/>
        <source>not judged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="510"/>
        <source>Sesuai {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="517"/>
        <source>claimed {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="522"/>
        <source>⇡ will be sent with the next synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="568"/>
        <source>That was the last document. Ctrl+Enter finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="595"/>
        <source>claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="597"/>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="598"/>
        <source>Level {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="613"/>
        <source>The evidence changed since you checked it. Check it again, then give your verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="636"/>
        <source>Not judged yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="638"/>
        <source>{0}, verified level {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="642"/>
        <source>Sent with the next synchronisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="657"/>
        <source>No document for this indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="658"/>
        <source>The OPD attached no document to this indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="664"/>
        <source>Document {0} of {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="668"/>
        <source>A link: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="673"/>
        <source>{0}: no preview for this kind of file (use Save a copy in the editor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="768"/>
        <source>Kind: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="770"/>
        <source>Number: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="772"/>
        <source>Date: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="774"/>
        <source>About: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="776"/>
        <source>Year: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="780"/>
        <source>No details entered by the OPD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="810"/>
        <location filename="../../desktop/review/review_screen.py" line="845"/>
        <source>Tidak Sesuai, verified level {0}: write the note, then Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="832"/>
        <source>The verified level cannot be above the claim ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="839"/>
        <source>Tidak Sesuai needs a level below the claim ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/review_screen.py" line="918"/>
        <source>The verdict could not be saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewShell</name>
    <message>
        <location filename="../../desktop/review/shell.py" line="80"/>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/shell.py" line="123"/>
        <source>Read only: only the pemda admin changes the regional profile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewWords</name>
    <message>
        <location filename="../../desktop/review/words.py" line="27"/>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="28"/>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="29"/>
        <source>Submit again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="30"/>
        <source>Approve for the OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="31"/>
        <source>Give verdicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="32"/>
        <source>Return for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="33"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="34"/>
        <source>Ready to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="35"/>
        <source>Mark as sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="36"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="44"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="45"/>
        <source>Withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="46"/>
        <source>Submitted again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="47"/>
        <source>Approved by the OPD head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="48"/>
        <source>Verdicts given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="49"/>
        <source>Returned for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="50"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="51"/>
        <source>Marked ready to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="52"/>
        <source>Marked as sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="53"/>
        <source>Reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="60"/>
        <source>Not judged yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="61"/>
        <source>Sesuai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="62"/>
        <source>Tidak Sesuai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="63"/>
        <source>Tidak Dapat Diukur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="70"/>
        <source>QC pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="71"/>
        <source>QC accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="72"/>
        <source>QC rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="79"/>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="80"/>
        <source>verifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="81"/>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="82"/>
        <source>leadership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="83"/>
        <source>OPD head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="95"/>
        <source>The evidence changed since you checked it (indicator {0}): check it again, then give your verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="112"/>
        <source>The server refused this step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="119"/>
        <source>Sending “{0}” to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="123"/>
        <source>“{0}” is held on this laptop (Synchronisation page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="127"/>
        <source>Will be submitted when connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="128"/>
        <source>“{0}” will be sent when connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/words.py" line="142"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/words.py" line="143"/>
        <source>%n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkflowBar</name>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="124"/>
        <source>Cancel this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="127"/>
        <source>Review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="128"/>
        <source>Open the innovation on the review screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="131"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="153"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="256"/>
        <source>Complete: nothing blocks submitting. Submit when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="264"/>
        <source>{0} is not possible yet: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="284"/>
        <source>Cannot be submitted yet: %n thing(s) to complete.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="296"/>
        <source>and %n more (see the score panel)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="309"/>
        <source>Returned for revision by {0} ({1}) on {2}: {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="324"/>
        <source>The server refused “{0}”: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="343"/>
        <source>No steps yet: a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/review/workflow_bar.py" line="345"/>
        <source>History (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="360"/>
        <source>Why is the innovation reopened? (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="362"/>
        <source>What must the OPD fix? (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="372"/>
        <source>Has this innovation been entered in the national application? It is then locked for the year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/review/workflow_bar.py" line="396"/>
        <source>The step could not be saved on this laptop: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
