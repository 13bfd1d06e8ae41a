<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>CoordinatesInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="280"/>
        <source>latitude, longitude (e.g. -6.2088, 106.8456)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="305"/>
        <source>Type latitude and longitude separated by a comma, e.g. -6.2088, 106.8456.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="54"/>
        <source>dd-mm-yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="59"/>
        <source>Choose from a calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/date_field.py" line="109"/>
        <source>Not a date. Type it as dd-mm-yyyy, e.g. 17-08-2025.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnumInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="142"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="162"/>
        <source>{0} (not in this year&apos;s list)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="222"/>
        <source>Evidence documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="226"/>
        <source>Add file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="227"/>
        <source>Add link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="237"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="253"/>
        <source>No documents yet. Drag files here or use “Add file…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="263"/>
        <source>e.g. 188.4/123/2025</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="266"/>
        <source>What the document is about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="269"/>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="270"/>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="271"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="275"/>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="276"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="277"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="278"/>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="434"/>
        <source>Importing {0}… %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="480"/>
        <source>“{0}” could not be read ({1}). Check that the file still exists and is not open in another program, then add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="484"/>
        <source>“{0}” was not attached: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="536"/>
        <source>Shrinking {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="549"/>
        <source>Converting {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="579"/>
        <source>Add evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="579"/>
        <source>Evidence ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="587"/>
        <source>Add link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="587"/>
        <source>Address (e.g. a YouTube or Google Drive link):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="684"/>
        <source>link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="689"/>
        <source>{0} page(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidencePreview</name>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="100"/>
        <location filename="../../desktop/widgets/preview.py" line="153"/>
        <source>Choose a document to preview it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="134"/>
        <source>This PDF cannot be shown (damaged or password-protected).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="144"/>
        <source>This image cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/preview.py" line="147"/>
        <source>No preview for this kind of file. Save a copy and open it in another app.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorPage</name>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="215"/>
        <source>level {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="215"/>
        <source>not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="219"/>
        <source>{0} document(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorPanel</name>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="69"/>
        <source>Weight {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="71"/>
        <source>mandatory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="88"/>
        <source>Evidence required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="109"/>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="110"/>
        <source>matches the evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="111"/>
        <source>does not match the evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="112"/>
        <source>cannot be measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="115"/>
        <source>Verifier: {0}; verified level {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/indicator_page.py" line="117"/>
        <source>Note: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InnovationEditor</name>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="74"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="103"/>
        <source>This innovation cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="109"/>
        <source>It no longer exists in this data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="123"/>
        <source>&amp;Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="124"/>
        <source>&amp;Indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="290"/>
        <location filename="../../desktop/windows/editor/window.py" line="291"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="292"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="293"/>
        <source>Could not save yet; trying again. Your changes are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="300"/>
        <source>(untitled innovation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/window.py" line="303"/>
        <source>Rule year {0} · {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LevelChooser</name>
    <message>
        <location filename="../../desktop/widgets/level_chooser.py" line="54"/>
        <source>Not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/level_chooser.py" line="56"/>
        <source>Level {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MultiEnumInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="240"/>
        <source>Chosen: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="240"/>
        <source>None chosen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectionPanel</name>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="137"/>
        <source>Shrink file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="139"/>
        <source>Add a link instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="140"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="158"/>
        <source>“{0}” was not attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/evidence.py" line="166"/>
        <source>Convert to {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RichTextInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="131"/>
        <source>{0} words (minimum {1})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="31"/>
        <source>Kematangan score (claimed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="40"/>
        <source>Mandatory indicators still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="44"/>
        <source>What blocks submitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="88"/>
        <source>Verified: {0} / {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="95"/>
        <source>{0} of {1} indicators answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="97"/>
        <source>All answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/editor/score_panel.py" line="102"/>
        <source>Nothing: ready to submit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpdPage</name>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="211"/>
        <source>Regional government profile (SPD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="216"/>
        <source>Rule year {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="284"/>
        <source>The SPD rows of rule year {0} are not known. Choose another year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="345"/>
        <source>SPD score: {0} / {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="358"/>
        <source>level {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="358"/>
        <source>not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="362"/>
        <source>{0} document(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="418"/>
        <location filename="../../desktop/windows/spd_page.py" line="419"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="420"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="421"/>
        <source>Could not save yet; trying again. Your changes are kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpdRowPanel</name>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="80"/>
        <source>Weight {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="82"/>
        <source>mandatory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="96"/>
        <source>the number, e.g. 5,23</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="99"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="110"/>
        <source>Level {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="129"/>
        <source>Evidence required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="162"/>
        <source>Not a number. Type digits with a decimal comma, e.g. 5,23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="173"/>
        <source>No value yet: this row scores 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="179"/>
        <source>→ Level {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/windows/spd_page.py" line="182"/>
        <source>→ no level: this value scores 0.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextInput</name>
    <message>
        <location filename="../../desktop/windows/editor/fields.py" line="73"/>
        <source>A link starts with https:// (e.g. a YouTube or Google Drive address).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
