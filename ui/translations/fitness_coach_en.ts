<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CoachingPanel</name>
    <message numerus="yes">
        <source>… and %n more (File › Export)</source>
        <translation>
            <numerusform>… and %n more (File › Export)</numerusform>
            <numerusform>… and %n more (File › Export)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message numerus="yes">
        <source>&lt;b&gt;Streak: %n day(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Streak: %n day&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Streak: %n days&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training day(s) this month</source>
        <translation>
            <numerusform>%n training day this month</numerusform>
            <numerusform>%n training days this month</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training day(s) in all</source>
        <translation>
            <numerusform>%n training day in all</numerusform>
            <numerusform>%n training days in all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the {exercise} session of {time} (%n reps)? This cannot be undone.</source>
        <translation>
            <numerusform>Delete the {exercise} session of {time} (%n rep)? This cannot be undone.</numerusform>
            <numerusform>Delete the {exercise} session of {time} (%n reps)? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Forget all %n sessions of your training history? Their reps, holds and cues are erased from this computer. This cannot be undone.</source>
        <translation>
            <numerusform>Forget the %n session of your training history? Its reps, holds and cues are erased from this computer. This cannot be undone.</numerusform>
            <numerusform>Forget all %n sessions of your training history? Their reps, holds and cues are erased from this computer. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sessions forgotten</source>
        <translation>
            <numerusform>%n session forgotten</numerusform>
            <numerusform>%n sessions forgotten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Report saved: {path} (%n sessions)</source>
        <translation>
            <numerusform>Report saved: {path} (%n session)</numerusform>
            <numerusform>Report saved: {path} (%n sessions)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoseTemplates</name>
    <message numerus="yes">
        <source>Making %n pose template(s)…</source>
        <translation>
            <numerusform>Making %n pose template…</numerusform>
            <numerusform>Making %n pose templates…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A pose template captured from %n frames of {source}</source>
        <translation>
            <numerusform>A pose template captured from %n frame of {source}</numerusform>
            <numerusform>A pose template captured from %n frames of {source}</numerusform>
        </translation>
    </message>
</context>
</TS>
