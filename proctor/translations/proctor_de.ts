<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
  <context>
    <name>common.integrity</name>
    <message>
      <location filename="proctor/common/integrity.py" line="90" />
      <source>{duration} unfocused</source>
      <translation>{duration} außerhalb</translation>
    </message>
  </context>
  <context>
    <name>common.integrity.SUMMARY_WORDS</name>
    <message>
      <source>app</source>
      <translation>App</translation>
    </message>
    <message>
      <source>paste</source>
      <translation>Einfügen</translation>
    </message>
    <message>
      <source>left</source>
      <translation>verlassen</translation>
    </message>
    <message>
      <source>no face</source>
      <translation>kein Gesicht</translation>
    </message>
    <message>
      <source>2+ faces</source>
      <translation>2+ Gesichter</translation>
    </message>
    <message>
      <source>camera</source>
      <translation>Kamera</translation>
    </message>
    <message>
      <source>looking away</source>
      <translation>Blick abgewandt</translation>
    </message>
    <message>
      <source>2nd screen</source>
      <translation>2. Bildschirm</translation>
    </message>
    <message>
      <source>VM</source>
      <translation>VM</translation>
    </message>
    <message>
      <source>VM?</source>
      <translation>VM?</translation>
    </message>
    <message>
      <source>remote</source>
      <translation>Fernzugriff</translation>
    </message>
    <message>
      <source>remote?</source>
      <translation>Fernzugriff?</translation>
    </message>
    <message>
      <source>AI server</source>
      <translation>KI-Server</translation>
    </message>
    <message>
      <source>AI server?</source>
      <translation>KI-Server?</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>offline</translation>
    </message>
    <message>
      <source>hand</source>
      <translation>Hand</translation>
    </message>
    <message>
      <source>not on list</source>
      <translation>nicht auf Liste</translation>
    </message>
  </context>
  <context>
    <name>common.tls</name>
    <message>
      <location filename="proctor/common/tls.py" line="333" />
      <source>The host at this address does not answer over an encrypted connection: it may have been started with --insecure-http, or this is not the proctor's computer. Check the address and join code on the projector.</source>
      <translation>Der Rechner unter dieser Adresse antwortet nicht über eine verschlüsselte Verbindung: Er wurde vielleicht mit --insecure-http gestartet, oder es ist nicht der Rechner der Aufsicht. Prüfen Sie Adresse und Beitrittscode auf dem Projektor.</translation>
    </message>
    <message>
      <location filename="proctor/common/tls.py" line="87" />
      <source>That is not a certificate fingerprint: it has 64 characters 0-9 and A-F (spaces and colons between them are fine).</source>
      <translation>Das ist kein Zertifikat-Fingerabdruck: Er hat 64 Zeichen 0–9 und A–F (Leerzeichen und Doppelpunkte dazwischen sind erlaubt).</translation>
    </message>
    <message>
      <location filename="proctor/common/tls.py" line="320" />
      <source>{changed} (Expected {expected}…, found {found}…)</source>
      <translation>{changed} (Erwartet {expected}…, gefunden {found}…)</translation>
    </message>
    <message>
      <location filename="proctor/common/tls.py" line="321" />
      <source>The host's certificate changed: this is not the computer you joined, or the proctor restarted with a new data folder. Check the join code on the projector.</source>
      <translation>Das Zertifikat des Rechners hat sich geändert: Das ist nicht der Rechner, dem Sie beigetreten sind, oder die Aufsicht hat mit einem neuen Datenordner neu gestartet. Prüfen Sie den Beitrittscode auf dem Projektor.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.setup_checks</name>
    <message>
      <location filename="proctor/host/dashboard/setup_checks.py" line="131" />
      <source>{title}: {each} questions for each student, drawn from {n}</source>
      <translation>{title}: {each} Aufgaben für jede Person, gezogen aus {n}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/setup_checks.py" line="133" />
      <source>{title}: 1 question</source>
      <translation>{title}: 1 Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/setup_checks.py" line="133" />
      <source>{title}: {n} questions</source>
      <translation>{title}: {n} Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/setup_checks.py" line="136" />
      <source>{title}: instructions and {n} starter file(s)</source>
      <translation>{title}: Anleitung und {n} Startdatei(en)</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.actions</name>
    <message>
      <location filename="proctor/host/dashboard/ui/actions.py" line="397" />
      <source>{name}: {what}</source>
      <translation>{name}: {what}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/actions.py" line="379" />
      <source>Could not move {name}: {error}</source>
      <translation>{name} konnte nicht umgezogen werden: {error}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/actions.py" line="405" />
      <source>Could not change {name}'s accommodations: {error}</source>
      <translation>Der Nachteilsausgleich für {name} konnte nicht geändert werden: {error}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.app</name>
    <message>
      <location filename="proctor/host/dashboard/ui/app.py" line="404" />
      <source>Re-attached to the running room.</source>
      <translation>Wieder mit dem laufenden Raum verbunden.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/app.py" line="276" />
      <source>The room could not be opened.

{error}</source>
      <translation>Der Raum konnte nicht geöffnet werden.

{error}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.blacklist_editor</name>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="45" />
      <source>Forbidden applications</source>
      <translation>Verbotene Anwendungen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="49" />
      <source>Students' computers report these applications while the exam runs.</source>
      <translation>Die Rechner der Studierenden melden diese Anwendungen, solange die Prüfung läuft.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="55" />
      <source>Reading the list of applications…</source>
      <translation>Die Liste der Anwendungen wird gelesen…</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="65" />
      <source>Another program, e.g. notepad++ or *chess*</source>
      <translation>Ein weiteres Programm, z. B. notepad++ oder *chess*</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="67" />
      <source>Add</source>
      <translation>Hinzufügen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="75" />
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="76" />
      <source>Remove the selected names</source>
      <translation>Die ausgewählten Namen entfernen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="104" />
      <source>The default list could not be read ({problem}); add names below.</source>
      <translation>Die Standardliste konnte nicht gelesen werden ({problem}); tragen Sie unten Namen ein.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/blacklist_editor.py" line="99" />
      <source>{names} and {n} more</source>
      <translation>{names} und {n} weitere</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.blacklist_editor.CATEGORY_LABELS</name>
    <message>
      <source>Chat and video calls</source>
      <translation>Chat und Videoanrufe</translation>
    </message>
    <message>
      <source>AI assistants</source>
      <translation>KI-Assistenten</translation>
    </message>
    <message>
      <source>Remote access</source>
      <translation>Fernzugriff</translation>
    </message>
    <message>
      <source>Screen capture and streaming</source>
      <translation>Bildschirmaufnahme und Streaming</translation>
    </message>
    <message>
      <source>Virtual machines</source>
      <translation>Virtuelle Maschinen</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.charts</name>
    <message>
      <location filename="proctor/host/dashboard/ui/charts.py" line="47" />
      <source>{total} students · {bands}</source>
      <translation>{total} Studierende · {bands}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.claim_alert</name>
    <message>
      <location filename="proctor/host/dashboard/ui/claim_alert.py" line="60" />
      <source>Refused seat claims</source>
      <translation>Abgewiesene Platzansprüche</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/claim_alert.py" line="61" />
      <source>Show student</source>
      <translation>Studierende zeigen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/claim_alert.py" line="62" />
      <source>Dismiss</source>
      <translation>Ausblenden</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.dialogs</name>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="179" />
      <source>A negative number takes time away.</source>
      <translation>Eine negative Zahl zieht Zeit ab.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="208" />
      <source>Accommodations</source>
      <translation>Nachteilsausgleich</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="215" />
      <source>Text size</source>
      <translation>Textgröße</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="218" />
      <source>Text size:</source>
      <translation>Textgröße:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="224" />
      <source>Plain-text editor (a screen reader can read it)</source>
      <translation>Einfacher Texteditor (ein Bildschirmleser kann ihn lesen)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="227" />
      <source>Grant</source>
      <translation>Gewähren</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="255" />
      <source>Admin key</source>
      <translation>Admin-Schlüssel</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="301" />
      <source>Keep the room running</source>
      <translation>Raum weiterlaufen lassen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="307" />
      <source>Stop the room server</source>
      <translation>Raumserver beenden</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="155" />
      <source>Please give a reason; it goes into the session log.</source>
      <translation>Bitte geben Sie einen Grund an; er kommt ins Sitzungsprotokoll.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="190" />
      <source>Choose a number of minutes other than zero.</source>
      <translation>Wählen Sie eine Minutenzahl ungleich null.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="203" />
      <source>For {name} ({reg_no}), besides any extra time. Their screen changes at once and they are told; the session log keeps it. 100 % without the plain-text editor takes it back.</source>
      <translation>Für {name} ({reg_no}), zusätzlich zu einer Zusatzzeit. Der Bildschirm ändert sich sofort und die Person wird informiert; das Sitzungsprotokoll hält es fest. 100 % ohne den einfachen Texteditor nimmt es zurück.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/dialogs.py" line="270" />
      <source>The admin key has at least {MIN_ADMIN_KEY_CHARS} characters.</source>
      <translation>Der Admin-Schlüssel hat mindestens {MIN_ADMIN_KEY_CHARS} Zeichen.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.hall_roster</name>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_roster.py" line="44" />
      <source>the file is not text</source>
      <translation>die Datei ist kein Text</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_roster.py" line="86" />
      <source>{file} — 1 line</source>
      <translation>{file} — 1 Zeile</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_roster.py" line="86" />
      <source>{file} — {n} lines</source>
      <translation>{file} — {n} Zeilen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_roster.py" line="115" />
      <source>CSV (*.csv *.txt);;All files (*)</source>
      <translation>CSV (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_roster.py" line="38" />
      <source>the file is larger than {n} KiB</source>
      <translation>die Datei ist größer als {n} KiB</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.hall_wall</name>
    <message>
      <location filename="proctor/host/dashboard/ui/hall_wall.py" line="106" />
      <source>hand raised</source>
      <translation>Hand gehoben</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels</name>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="122" />
      <source>Accommodations taken back</source>
      <translation>Nachteilsausgleich zurückgenommen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="172" />
      <source>just now</source>
      <translation>gerade eben</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="187" />
      <source>an unknown address</source>
      <translation>einer unbekannten Adresse</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="213" />
      <source>once</source>
      <translation>einmal</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="324" />
      <source>state unknown</source>
      <translation>Zustand unbekannt</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="325" />
      <source>running</source>
      <translation>läuft</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="325" />
      <source>server stopped unexpectedly</source>
      <translation>Server unerwartet beendet</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="326" />
      <source>1 student</source>
      <translation>1 Studierende/r</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="326" />
      <source>{n} students</source>
      <translation>{n} Studierende</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="126" />
      <source>Accommodations: {what}</source>
      <translation>Nachteilsausgleich: {what}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="134" />
      <source>Someone at {address} typed a wrong admin key at {time}.</source>
      <translation>Jemand unter {address} hat um {time} einen falschen Admin-Schlüssel eingegeben.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="178" />
      <source>{hours} h {minutes} min</source>
      <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="188" />
      <source>from {address}, typed “{name}”, at {time}</source>
      <translation>von {address}, eingegeben „{name}“, um {time}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="203" />
      <source>⊘ Claim refused{times}: {address} “{name}”</source>
      <translation>⊘ Anspruch abgewiesen{times}: {address} „{name}“</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="214" />
      <source>⊘ Someone tried to take this seat ({times}); latest {claim}. Refused: the seat stays with this student.</source>
      <translation>⊘ Jemand wollte diesen Platz übernehmen ({times}); zuletzt {claim}. Abgewiesen: Der Platz bleibt bei dieser Person.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="225" />
      <source>Handed in at {time} · receipt {code}</source>
      <translation>Abgegeben um {time} · Beleg {code}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="327" />
      <source>{name}   ·   room {room}   ·   opened {opened}   ·   {state}, {students}   ·   {server}</source>
      <translation>{name}   ·   Raum {room}   ·   geöffnet {opened}   ·   {state}, {students}   ·   {server}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="131" />
      <source>A wrong admin key was typed on this computer at {time}.</source>
      <translation>Auf diesem Rechner wurde um {time} ein falscher Admin-Schlüssel eingegeben.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="174" />
      <source>{n} s</source>
      <translation>{n} s</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="177" />
      <source>{n} min</source>
      <translation>{n} min</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="184" />
      <source>the computer it moved away from ({address}) tried again at {time}</source>
      <translation>der Rechner, von dem der Platz wegzog ({address}), hat es um {time} erneut versucht</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="200" />
      <source>⊘ Claim refused{times}: old computer {address}</source>
      <translation>⊘ Anspruch abgewiesen{times}: alter Rechner {address}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="213" />
      <source>{n} times</source>
      <translation>{n}-mal</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/labels.py" line="323" />
      <source>Room {room}</source>
      <translation>Raum {room}</translation>
    </message>
    <message>
      <source>Blacklisted app opened</source>
      <translation>Verbotene Anwendung geöffnet</translation>
    </message>
    <message>
      <source>Blacklisted app closed</source>
      <translation>Verbotene Anwendung geschlossen</translation>
    </message>
    <message>
      <source>Left the exam window</source>
      <translation>Prüfungsfenster verlassen</translation>
    </message>
    <message>
      <source>Back in the exam window</source>
      <translation>Zurück im Prüfungsfenster</translation>
    </message>
    <message>
      <source>Pasted text from outside</source>
      <translation>Text von außen eingefügt</translation>
    </message>
    <message>
      <source>Paste from outside blocked</source>
      <translation>Einfügen von außen blockiert</translation>
    </message>
    <message>
      <source>No face on camera</source>
      <translation>Kein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>More than one face on camera</source>
      <translation>Mehr als ein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>Face on camera again</source>
      <translation>Wieder ein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>No camera: check not running</source>
      <translation>Keine Kamera: Prüfung läuft nicht</translation>
    </message>
    <message>
      <source>Camera covered</source>
      <translation>Kamera verdeckt</translation>
    </message>
    <message>
      <source>Camera image frozen</source>
      <translation>Kamerabild eingefroren</translation>
    </message>
    <message>
      <source>Went offline</source>
      <translation>Offline gegangen</translation>
    </message>
    <message>
      <source>Back online</source>
      <translation>Wieder online</translation>
    </message>
    <message>
      <source>Joined again</source>
      <translation>Erneut beigetreten</translation>
    </message>
    <message>
      <source>Flooded the host with messages</source>
      <translation>Hat den Rechner mit Nachrichten überflutet</translation>
    </message>
    <message>
      <source>Too many reports: the rest were dropped</source>
      <translation>Zu viele Meldungen: Der Rest wurde verworfen</translation>
    </message>
    <message>
      <source>Seat claim refused</source>
      <translation>Platzanspruch abgewiesen</translation>
    </message>
    <message>
      <source>Moved to another computer</source>
      <translation>An einen anderen Rechner umgezogen</translation>
    </message>
    <message>
      <source>Joined</source>
      <translation>Beigetreten</translation>
    </message>
    <message>
      <source>Handed in</source>
      <translation>Abgegeben</translation>
    </message>
    <message>
      <source>Join with this reg. no refused</source>
      <translation>Beitritt mit dieser Matrikelnummer abgewiesen</translation>
    </message>
    <message>
      <source>Wrong admin key</source>
      <translation>Falscher Admin-Schlüssel</translation>
    </message>
    <message>
      <source>Raised a hand</source>
      <translation>Hat die Hand gehoben</translation>
    </message>
    <message>
      <source>Joined, not on the class list</source>
      <translation>Beigetreten, nicht auf der Teilnehmerliste</translation>
    </message>
    <message>
      <source>Second screen connected</source>
      <translation>Zweiter Bildschirm angeschlossen</translation>
    </message>
    <message>
      <source>Looking away from the screen</source>
      <translation>Blick vom Bildschirm abgewandt</translation>
    </message>
    <message>
      <source>Handed in {time}</source>
      <translation>Abgegeben {time}</translation>
    </message>
    <message>
      <source>Removed: {reason}</source>
      <translation>Entfernt: {reason}</translation>
    </message>
    <message>
      <source>The camera check cannot run for this student. Check their camera, or let them carry on without it.</source>
      <translation>Die Kameraprüfung kann für diese Person nicht laufen. Prüfen Sie die Kamera, oder lassen Sie sie ohne weiterarbeiten.</translation>
    </message>
    <message>
      <source>You gave {minutes} more minutes</source>
      <translation>Sie haben {minutes} Minuten mehr gegeben</translation>
    </message>
    <message>
      <source>You took {minutes} minutes away</source>
      <translation>Sie haben {minutes} Minuten abgezogen</translation>
    </message>
    <message>
      <source>You gave everyone {minutes} more minutes</source>
      <translation>Sie haben allen {minutes} Minuten mehr gegeben</translation>
    </message>
    <message>
      <source>You took {minutes} minutes away from everyone</source>
      <translation>Sie haben allen {minutes} Minuten abgezogen</translation>
    </message>
    <message>
      <source>⇄ Waiting for the new computer</source>
      <translation>⇄ Wartet auf den neuen Rechner</translation>
    </message>
    <message>
      <source>If they really changed computers, use “Move to another computer…”.</source>
      <translation>Wenn wirklich der Rechner gewechselt wurde, verwenden Sie „An einen anderen Rechner umziehen…“.</translation>
    </message>
    <message>
      <source>Allow pasting, report text pasted from outside the exam</source>
      <translation>Einfügen erlauben, Text von außerhalb der Prüfung melden</translation>
    </message>
    <message>
      <source>Block text pasted from outside the exam</source>
      <translation>Text von außerhalb der Prüfung blockieren</translation>
    </message>
    <message>
      <source>Allow pasting freely</source>
      <translation>Einfügen frei erlauben</translation>
    </message>
    <message>
      <source>{label} {n}</source>
      <translation>{label} {n}</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>Problem</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ACTIONS_TEXT</name>
    <message>
      <source>{n} students</source>
      <translation>{n} Studierende</translation>
    </message>
    <message>
      <source>everyone</source>
      <translation>alle</translation>
    </message>
    <message>
      <source>Nobody has joined yet: the exam can start once a student is in the room.</source>
      <translation>Noch ist niemand beigetreten: Die Prüfung kann starten, sobald eine Person im Raum ist.</translation>
    </message>
    <message>
      <source>Start the exam</source>
      <translation>Prüfung starten</translation>
    </message>
    <message>
      <source>Start the exam for 1 student ({online} online)?

The clock starts now and runs for {minutes}. Students who join later start at once, with the time that is left.</source>
      <translation>Die Prüfung für 1 Studierende/n starten ({online} online)?

Die Uhr startet jetzt und läuft {minutes}. Wer später beitritt, beginnt sofort mit der verbleibenden Zeit.</translation>
    </message>
    <message>
      <source>Start the exam for {n} students ({online} online)?

The clock starts now and runs for {minutes}. Students who join later start at once, with the time that is left.</source>
      <translation>Die Prüfung für {n} Studierende starten ({online} online)?

Die Uhr startet jetzt und läuft {minutes}. Wer später beitritt, beginnt sofort mit der verbleibenden Zeit.</translation>
    </message>
    <message>
      <source>Start exam</source>
      <translation>Prüfung starten</translation>
    </message>
    <message>
      <source>The exam has started.</source>
      <translation>Die Prüfung hat begonnen.</translation>
    </message>
    <message>
      <source>Could not start the exam: {error}</source>
      <translation>Die Prüfung konnte nicht gestartet werden: {error}</translation>
    </message>
    <message>
      <source>Could not change the time: {error}</source>
      <translation>Die Zeit konnte nicht geändert werden: {error}</translation>
    </message>
    <message>
      <source>Take time away</source>
      <translation>Zeit abziehen</translation>
    </message>
    <message>
      <source>Take {minutes} minutes away from {who}?</source>
      <translation>{who} {minutes} Minuten abziehen?</translation>
    </message>
    <message>
      <source>

Their exams end earlier: {name}'s would end first, at {at} (in {left}).</source>
      <translation>

Ihre Prüfungen enden früher: Die von {name} endet als erste, um {at} (in {left}).</translation>
    </message>
    <message>
      <source>That would end {name}'s exam within a minute. At most {spare} minutes can be taken away now.</source>
      <translation>Damit endete die Prüfung von {name} innerhalb einer Minute. Höchstens {spare} Minuten können jetzt abgezogen werden.</translation>
    </message>
    <message>
      <source>Extra time failed for 1 student: {error}</source>
      <translation>Zusatzzeit für 1 Person fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <source>Extra time failed for {n} students: {error}</source>
      <translation>Zusatzzeit für {n} Personen fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <source>End the session for everyone</source>
      <translation>Die Sitzung für alle beenden</translation>
    </message>
    <message>
      <source>Every student's exam ends now and their last saved work is kept. This cannot be undone.

Type the admin key to confirm.</source>
      <translation>Die Prüfung aller Studierenden endet jetzt, ihre zuletzt gespeicherte Arbeit bleibt erhalten. Das lässt sich nicht rückgängig machen.

Geben Sie zur Bestätigung den Admin-Schlüssel ein.</translation>
    </message>
    <message>
      <source>End the session</source>
      <translation>Sitzung beenden</translation>
    </message>
    <message>
      <source>That is not the admin key. Nothing was changed.</source>
      <translation>Das ist nicht der Admin-Schlüssel. Nichts wurde geändert.</translation>
    </message>
    <message>
      <source>The session was not ended: {error}</source>
      <translation>Die Sitzung wurde nicht beendet: {error}</translation>
    </message>
    <message>
      <source>The exam is over. Every answer received is saved in the room's store; export the results with Export results…</source>
      <translation>Die Prüfung ist vorbei. Jede erhaltene Antwort ist im Speicher des Raums gesichert; exportieren Sie die Ergebnisse mit „Ergebnisse exportieren…“</translation>
    </message>
    <message>
      <source>The session has ended.</source>
      <translation>Die Sitzung ist beendet.</translation>
    </message>
    <message>
      <source>None of the selected students can be changed that way.</source>
      <translation>Keine der ausgewählten Personen kann so geändert werden.</translation>
    </message>
    <message>
      <source>1 student did not need it.</source>
      <translation>1 Person brauchte es nicht.</translation>
    </message>
    <message>
      <source>{n} students did not need it.</source>
      <translation>{n} Personen brauchten es nicht.</translation>
    </message>
    <message>
      <source>1 student could not be changed: {error}</source>
      <translation>1 Person konnte nicht geändert werden: {error}</translation>
    </message>
    <message>
      <source>{n} students could not be changed: {error}</source>
      <translation>{n} Personen konnten nicht geändert werden: {error}</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>Markieren</translation>
    </message>
    <message>
      <source>Flag {who} for a closer look later. The student is not told.</source>
      <translation>{who} für einen genaueren Blick später markieren. Die Person erfährt es nicht.</translation>
    </message>
    <message>
      <source>What did you see? (optional)</source>
      <translation>Was haben Sie gesehen? (optional)</translation>
    </message>
    <message>
      <source>Remove from the exam</source>
      <translation>Aus der Prüfung entfernen</translation>
    </message>
    <message>
      <source>Remove {who} from the exam? They stop writing at once; what they wrote so far is kept. You can readmit them later.</source>
      <translation>{who} aus der Prüfung entfernen? Das Schreiben endet sofort; das bisher Geschriebene bleibt erhalten. Sie können später wieder zulassen.</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Choose the folder for the results</source>
      <translation>Den Ordner für die Ergebnisse wählen</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>Wird exportiert…</translation>
    </message>
    <message>
      <source>Results exported to {folder}: {handed_in} of {total} students handed in.</source>
      <translation>Ergebnisse nach {folder} exportiert: {handed_in} von {total} Studierenden haben abgegeben.</translation>
    </message>
    <message>
      <source>The export failed: {error}</source>
      <translation>Der Export ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <source>The room server has stopped. Students keep their work on their computers and reconnect by themselves once it runs again; nothing is lost.</source>
      <translation>Der Raumserver ist beendet. Die Studierenden behalten ihre Arbeit auf ihren Rechnern und verbinden sich von selbst neu, sobald er wieder läuft; nichts geht verloren.</translation>
    </message>
    <message>
      <source>Restart the room server</source>
      <translation>Raumserver neu starten</translation>
    </message>
    <message>
      <source>Restarting the room server…</source>
      <translation>Raumserver wird neu gestartet…</translation>
    </message>
    <message>
      <source>The room server is running again.</source>
      <translation>Der Raumserver läuft wieder.</translation>
    </message>
    <message>
      <source>The room server could not be restarted: {error}</source>
      <translation>Der Raumserver konnte nicht neu gestartet werden: {error}</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>Erneut versuchen</translation>
    </message>
    <message>
      <source>The exam is running. If you keep the room running, students carry on and you can open the dashboard again at any time with “I am the proctor”.</source>
      <translation>Die Prüfung läuft. Wenn Sie den Raum weiterlaufen lassen, arbeiten die Studierenden weiter, und Sie können die Übersicht jederzeit mit „Ich bin die Aufsicht“ wieder öffnen.</translation>
    </message>
    <message>
      <source>Students are waiting in the lobby. Keep the room open for them?</source>
      <translation>Im Warteraum warten Studierende. Den Raum für sie offen lassen?</translation>
    </message>
    <message>
      <source>Keep the room server running, or stop it? Everything is saved in {folder}.</source>
      <translation>Den Raumserver weiterlaufen lassen oder beenden? Alles ist in {folder} gespeichert.</translation>
    </message>
    <message>
      <source>Stopping the room server…</source>
      <translation>Raumserver wird beendet…</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ACTION_DONE</name>
    <message>
      <source>Paused 1 student.</source>
      <translation>1 Person angehalten.</translation>
    </message>
    <message>
      <source>Paused {n} students.</source>
      <translation>{n} Personen angehalten.</translation>
    </message>
    <message>
      <source>Resumed 1 student.</source>
      <translation>1 Person fortgesetzt.</translation>
    </message>
    <message>
      <source>Resumed {n} students.</source>
      <translation>{n} Personen fortgesetzt.</translation>
    </message>
    <message>
      <source>Flagged 1 student.</source>
      <translation>1 Person markiert.</translation>
    </message>
    <message>
      <source>Flagged {n} students.</source>
      <translation>{n} Personen markiert.</translation>
    </message>
    <message>
      <source>Cleared the flag of 1 student.</source>
      <translation>Markierung von 1 Person aufgehoben.</translation>
    </message>
    <message>
      <source>Cleared the flags of {n} students.</source>
      <translation>Markierungen von {n} Personen aufgehoben.</translation>
    </message>
    <message>
      <source>Removed 1 student.</source>
      <translation>1 Person entfernt.</translation>
    </message>
    <message>
      <source>Removed {n} students.</source>
      <translation>{n} Personen entfernt.</translation>
    </message>
    <message>
      <source>Readmitted 1 student.</source>
      <translation>1 Person wieder zugelassen.</translation>
    </message>
    <message>
      <source>Readmitted {n} students.</source>
      <translation>{n} Personen wieder zugelassen.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ACTION_LABELS</name>
    <message>
      <source>Exam started</source>
      <translation>Prüfung gestartet</translation>
    </message>
    <message>
      <source>You ended the exam for everyone</source>
      <translation>Sie haben die Prüfung für alle beendet</translation>
    </message>
    <message>
      <source>Time was up</source>
      <translation>Die Zeit war um</translation>
    </message>
    <message>
      <source>You paused this student</source>
      <translation>Sie haben diese Person angehalten</translation>
    </message>
    <message>
      <source>You resumed this student</source>
      <translation>Sie haben diese Person fortgesetzt</translation>
    </message>
    <message>
      <source>You flagged this student</source>
      <translation>Sie haben diese Person markiert</translation>
    </message>
    <message>
      <source>You cleared the flag</source>
      <translation>Sie haben die Markierung aufgehoben</translation>
    </message>
    <message>
      <source>You removed this student</source>
      <translation>Sie haben diese Person entfernt</translation>
    </message>
    <message>
      <source>You readmitted this student</source>
      <translation>Sie haben diese Person wieder zugelassen</translation>
    </message>
    <message>
      <source>Handed in</source>
      <translation>Abgegeben</translation>
    </message>
    <message>
      <source>You announced</source>
      <translation>Sie haben eine Durchsage gemacht</translation>
    </message>
    <message>
      <source>You answered the raised hand</source>
      <translation>Sie haben auf die gehobene Hand geantwortet</translation>
    </message>
    <message>
      <source>You dismissed the raised hand</source>
      <translation>Sie haben die gehobene Hand geschlossen</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.COLUMN_HEADERS</name>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Reg. no</source>
      <translation>Matrikelnr.</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Connection</source>
      <translation>Verbindung</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>Markierung</translation>
    </message>
    <message>
      <source>Violations</source>
      <translation>Verstöße</translation>
    </message>
    <message>
      <source>Integrity</source>
      <translation>Integrität</translation>
    </message>
    <message>
      <source>Latest incident</source>
      <translation>Letzter Vorfall</translation>
    </message>
    <message>
      <source>Time left</source>
      <translation>Verbleibende Zeit</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Adresse</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.CONNECTION</name>
    <message>
      <source>● Online</source>
      <translation>● Online</translation>
    </message>
    <message>
      <source>● Offline</source>
      <translation>● Offline</translation>
    </message>
    <message>
      <source>● Offline for {ago}</source>
      <translation>● Offline seit {ago}</translation>
    </message>
    <message>
      <source>Offline since {time}, for {ago}. Last seen at {seen}.</source>
      <translation>Offline seit {time}, seit {ago}. Zuletzt gesehen um {seen}.</translation>
    </message>
    <message>
      <source>Left at {time}</source>
      <translation>Gegangen um {time}</translation>
    </message>
    <message>
      <source>{text}. Last seen at {time}.</source>
      <translation>{text}. Zuletzt gesehen um {time}.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.DETAIL</name>
    <message>
      <source>online</source>
      <translation>online</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>offline</translation>
    </message>
    <message>
      <source>{minutes:+d} min extra time</source>
      <translation>{minutes:+d} min Zusatzzeit</translation>
    </message>
    <message>
      <source>1 violation</source>
      <translation>1 Verstoß</translation>
    </message>
    <message>
      <source>{n} violations</source>
      <translation>{n} Verstöße</translation>
    </message>
    <message>
      <source>SHA-256 {sha}</source>
      <translation>SHA-256 {sha}</translation>
    </message>
    <message>
      <source>Not handed in yet</source>
      <translation>Noch nicht abgegeben</translation>
    </message>
    <message>
      <source>Handed-in version</source>
      <translation>Abgegebene Fassung</translation>
    </message>
    <message>
      <source>Latest autosave</source>
      <translation>Letzte automatische Sicherung</translation>
    </message>
    <message>
      <source>Autosaved at {time} (save {seq})</source>
      <translation>Automatisch gesichert um {time} (Sicherung {seq})</translation>
    </message>
    <message>
      <source>No work has reached the room server yet.</source>
      <translation>Noch keine Arbeit hat den Raumserver erreicht.</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
    <message>
      <source>Reload work</source>
      <translation>Arbeit neu laden</translation>
    </message>
    <message>
      <source>Work</source>
      <translation>Arbeit</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>Zeitverlauf</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Schließen</translation>
    </message>
    <message>
      <source>Move to another computer…</source>
      <translation>An einen anderen Rechner umziehen…</translation>
    </message>
    <message>
      <source>The student's next join, from another computer, takes this seat with their work</source>
      <translation>Der nächste Beitritt dieser Person, von einem anderen Rechner, übernimmt diesen Platz mit ihrer Arbeit</translation>
    </message>
    <message>
      <source>Accommodations…</source>
      <translation>Nachteilsausgleich…</translation>
    </message>
    <message>
      <source>Larger text or the plain-text editor for this student</source>
      <translation>Größerer Text oder der einfache Texteditor für diese Person</translation>
    </message>
    <message>
      <source>text {percent} %</source>
      <translation>Text {percent} %</translation>
    </message>
    <message>
      <source>plain-text editor</source>
      <translation>einfacher Texteditor</translation>
    </message>
    <message>
      <source>no accommodations</source>
      <translation>kein Nachteilsausgleich</translation>
    </message>
    <message>
      <source>moving: waiting for the new computer to join</source>
      <translation>zieht um: wartet auf den Beitritt des neuen Rechners</translation>
    </message>
    <message>
      <source>Could not load from the room server: {error}</source>
      <translation>Konnte nicht vom Raumserver laden: {error}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.EXTRA_TIME_DONE</name>
    <message>
      <source>Everyone has {minutes} more minutes.</source>
      <translation>Alle haben {minutes} Minuten mehr.</translation>
    </message>
    <message>
      <source>Everyone has {minutes} minutes less.</source>
      <translation>Alle haben {minutes} Minuten weniger.</translation>
    </message>
    <message>
      <source>1 student has {minutes} more minutes.</source>
      <translation>1 Person hat {minutes} Minuten mehr.</translation>
    </message>
    <message>
      <source>{n} students have {minutes} more minutes.</source>
      <translation>{n} Personen haben {minutes} Minuten mehr.</translation>
    </message>
    <message>
      <source>1 student has {minutes} minutes less.</source>
      <translation>1 Person hat {minutes} Minuten weniger.</translation>
    </message>
    <message>
      <source>{n} students have {minutes} minutes less.</source>
      <translation>{n} Personen haben {minutes} Minuten weniger.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.FILTERS</name>
    <message>
      <source>Everyone ({n})</source>
      <translation>Alle ({n})</translation>
    </message>
    <message>
      <source>Flagged ({n})</source>
      <translation>Markiert ({n})</translation>
    </message>
    <message>
      <source>Offline ({n})</source>
      <translation>Offline ({n})</translation>
    </message>
    <message>
      <source>Not handed in ({n})</source>
      <translation>Nicht abgegeben ({n})</translation>
    </message>
    <message>
      <source>Removed ({n})</source>
      <translation>Entfernt ({n})</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.FLAG</name>
    <message>
      <source>⚠ {apps} running</source>
      <translation>⚠ {apps} läuft</translation>
    </message>
    <message>
      <source>⚠ {apps} was running</source>
      <translation>⚠ {apps} lief</translation>
    </message>
    <message>
      <source>⚑ {reasons}</source>
      <translation>⚑ {reasons}</translation>
    </message>
    <message>
      <source>⚑ Flagged by you</source>
      <translation>⚑ Von Ihnen markiert</translation>
    </message>
    <message>
      <source>The shield sees {app} running now.</source>
      <translation>Der Schutz sieht {app} gerade laufen.</translation>
    </message>
    <message>
      <source>The shield saw {app} running; it is closed now.</source>
      <translation>Der Schutz hat {app} laufen sehen; es ist jetzt geschlossen.</translation>
    </message>
    <message>
      <source>Your flag: {reason}</source>
      <translation>Ihre Markierung: {reason}</translation>
    </message>
    <message>
      <source>Clear flag removes your flag and the record of apps closed since.</source>
      <translation>„Markierung aufheben“ entfernt Ihre Markierung und die Aufzeichnung der seitdem geschlossenen Anwendungen.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.JOIN</name>
    <message>
      <source>Join code</source>
      <translation>Beitrittscode</translation>
    </message>
    <message>
      <source>Room ID</source>
      <translation>Raumkennung</translation>
    </message>
    <message>
      <source>Host address</source>
      <translation>Adresse des Aufsichtsrechners</translation>
    </message>
    <message>
      <source>Certificate fingerprint</source>
      <translation>Zertifikat-Fingerabdruck</translation>
    </message>
    <message>
      <source>Not encrypted
(--insecure-http)</source>
      <translation>Nicht verschlüsselt
(--insecure-http)</translation>
    </message>
    <message>
      <source>Not encrypted: started with --insecure-http, so students type the room ID and nothing checks which computer they reach.</source>
      <translation>Nicht verschlüsselt: mit --insecure-http gestartet, daher geben Studierende die Raumkennung ein, und nichts prüft, welchen Rechner sie erreichen.</translation>
    </message>
    <message>
      <source>Only this computer can join: no network connection was chosen.</source>
      <translation>Nur dieser Rechner kann beitreten: Es wurde keine Netzwerkverbindung gewählt.</translation>
    </message>
    <message>
      <source>Also reachable at {addresses}</source>
      <translation>Auch erreichbar unter {addresses}</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Copy the address and join code</source>
      <translation>Adresse und Beitrittscode kopieren</translation>
    </message>
    <message>
      <source>Network check…</source>
      <translation>Netzwerkprüfung…</translation>
    </message>
    <message>
      <source>Check that students' laptops can reach this room, and how to fix it if not</source>
      <translation>Prüfen, ob die Laptops der Studierenden diesen Raum erreichen, und wie man es behebt, falls nicht</translation>
    </message>
    <message>
      <source>Show join card</source>
      <translation>Beitrittskarte zeigen</translation>
    </message>
    <message>
      <source>Show the address and join code full screen for a projector</source>
      <translation>Adresse und Beitrittscode im Vollbild für einen Projektor zeigen</translation>
    </message>
    <message>
      <source>Host address: {address}   Join code: {code}   Fingerprint: {fingerprint}</source>
      <translation>Adresse: {address}   Beitrittscode: {code}   Fingerabdruck: {fingerprint}</translation>
    </message>
    <message>
      <source>Host address: {address}   Room ID: {code}</source>
      <translation>Adresse: {address}   Raumkennung: {code}</translation>
    </message>
    <message>
      <source>Join the exam</source>
      <translation>Der Prüfung beitreten</translation>
    </message>
    <message>
      <source>Open Proctor, choose “I am a student”, pick this room or type the address, then type the join code:</source>
      <translation>Öffnen Sie Proctor, wählen Sie „Ich bin Studierende/r“, wählen Sie diesen Raum oder geben Sie die Adresse ein, dann den Beitrittscode:</translation>
    </message>
    <message>
      <source>Open Proctor, choose “I am a student” and type:</source>
      <translation>Öffnen Sie Proctor, wählen Sie „Ich bin Studierende/r“ und geben Sie ein:</translation>
    </message>
    <message>
      <source>Certificate fingerprint (your app can show it: the same one)</source>
      <translation>Zertifikat-Fingerabdruck (Ihre App kann ihn zeigen: derselbe)</translation>
    </message>
    <message>
      <source>Esc or a double click closes this card</source>
      <translation>Esc oder ein Doppelklick schließt diese Karte</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.JOIN_REFUSED</name>
    <message>
      <source>Join refused from {address}: this student was removed</source>
      <translation>Beitritt von {address} abgewiesen: Diese Person wurde entfernt</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.MARK_STATUS</name>
    <message>
      <source>correct</source>
      <translation>richtig</translation>
    </message>
    <message>
      <source>partly right</source>
      <translation>teilweise richtig</translation>
    </message>
    <message>
      <source>wrong</source>
      <translation>falsch</translation>
    </message>
    <message>
      <source>not answered</source>
      <translation>unbeantwortet</translation>
    </message>
    <message>
      <source>could not be marked</source>
      <translation>konnte nicht bewertet werden</translation>
    </message>
    <message>
      <source>not marked yet</source>
      <translation>noch nicht bewertet</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.MATCH_HOW</name>
    <message>
      <source>exactly</source>
      <translation>genau</translation>
    </message>
    <message>
      <source>ignoring case</source>
      <translation>ohne Groß-/Kleinschreibung</translation>
    </message>
    <message>
      <source>as a pattern</source>
      <translation>als Muster</translation>
    </message>
    <message>
      <source>as a number</source>
      <translation>als Zahl</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.NETWORK_CHECK</name>
    <message>
      <source>Network check</source>
      <translation>Netzwerkprüfung</translation>
    </message>
    <message>
      <source>Checking the network… (a few seconds)</source>
      <translation>Das Netzwerk wird geprüft… (einige Sekunden)</translation>
    </message>
    <message>
      <source>Check &amp;again</source>
      <translation>&amp;Erneut prüfen</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>&amp;Schließen</translation>
    </message>
    <message>
      <source>Students use {address} (interface {interface}), port {port}.</source>
      <translation>Studierende verwenden {address} (Schnittstelle {interface}), Port {port}.</translation>
    </message>
    <message>
      <source>This computer has no network address students could use.</source>
      <translation>Dieser Rechner hat keine Netzwerkadresse, die Studierende verwenden könnten.</translation>
    </message>
    <message>
      <source>Encrypted: students' apps check the certificate {fingerprint}.</source>
      <translation>Verschlüsselt: Die Apps der Studierenden prüfen das Zertifikat {fingerprint}.</translation>
    </message>
    <message>
      <source>Not encrypted (--insecure-http).</source>
      <translation>Nicht verschlüsselt (--insecure-http).</translation>
    </message>
    <message>
      <source>From this computer</source>
      <translation>Von diesem Rechner</translation>
    </message>
    <message>
      <source>From another network</source>
      <translation>Aus einem anderen Netz</translation>
    </message>
    <message>
      <source>What the check found</source>
      <translation>Was die Prüfung gefunden hat</translation>
    </message>
    <message>
      <source>If students cannot join</source>
      <translation>Wenn Studierende nicht beitreten können</translation>
    </message>
    <message>
      <source>What no check from here can see</source>
      <translation>Was keine Prüfung von hier aus sehen kann</translation>
    </message>
    <message>
      <source>The check could not run: {error}</source>
      <translation>Die Prüfung konnte nicht laufen: {error}</translation>
    </message>
    <message>
      <source>answers ({ms:.0f} ms)</source>
      <translation>antwortet ({ms:.0f} ms)</translation>
    </message>
    <message>
      <source>does not answer: {message}</source>
      <translation>antwortet nicht: {message}</translation>
    </message>
    <message>
      <source>not checked: {message}</source>
      <translation>nicht geprüft: {message}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.NETWORK_LEVELS</name>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>Warnung</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>Problem</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.PAPER_PROBLEMS</name>
    <message>
      <source>This folder does not exist.</source>
      <translation>Dieser Ordner existiert nicht.</translation>
    </message>
    <message>
      <source>This is a file, not a folder. Choose the folder that holds the paper.</source>
      <translation>Das ist eine Datei, kein Ordner. Wählen Sie den Ordner, der die Prüfung enthält.</translation>
    </message>
    <message>
      <source>This folder is empty: it needs instructions.md or files.</source>
      <translation>Dieser Ordner ist leer: Er braucht instructions.md oder Dateien.</translation>
    </message>
    <message>
      <source>This folder cannot be read.</source>
      <translation>Dieser Ordner kann nicht gelesen werden.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.QUESTION_TYPES</name>
    <message>
      <source>choice</source>
      <translation>Auswahl</translation>
    </message>
    <message>
      <source>multi-choice</source>
      <translation>Mehrfachauswahl</translation>
    </message>
    <message>
      <source>short answer</source>
      <translation>Kurzantwort</translation>
    </message>
    <message>
      <source>code</source>
      <translation>Code</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.RELEASE_PREVIEW</name>
    <message>
      <source>This paper's feedback is “none”: students see only that their work has been marked, no points.</source>
      <translation>Die Rückmeldung dieser Prüfung ist „none“: Studierende sehen nur, dass ihre Arbeit bewertet wurde, keine Punkte.</translation>
    </message>
    <message>
      <source>This paper's feedback is “score”: each student sees their points, percent and whether they passed.</source>
      <translation>Die Rückmeldung dieser Prüfung ist „score“: Alle sehen ihre Punkte, den Prozentsatz und ob sie bestanden haben.</translation>
    </message>
    <message>
      <source>This paper's feedback is “full”: each student sees their points, percent and pass, and for each question its status, points and the outcome of its visible cases. Never the hidden cases or tests, the right answers or your reasons.</source>
      <translation>Die Rückmeldung dieser Prüfung ist „full“: Alle sehen ihre Punkte, den Prozentsatz und das Bestehen, und zu jeder Aufgabe ihren Stand, die Punkte und das Ergebnis ihrer sichtbaren Testfälle. Nie die verborgenen Testfälle oder Tests, die richtigen Antworten oder Ihre Begründungen.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.RESULTS</name>
    <message>
      <source>Results…</source>
      <translation>Ergebnisse…</translation>
    </message>
    <message>
      <source>Every student's marks, their answer sheets, the class analytics and similarity</source>
      <translation>Die Bewertungen aller Studierenden, ihre Antwortbögen, die Auswertung der Gruppe und die Ähnlichkeit</translation>
    </message>
    <message>
      <source>Results · {title}</source>
      <translation>Ergebnisse · {title}</translation>
    </message>
    <message>
      <source>Students</source>
      <translation>Studierende</translation>
    </message>
    <message>
      <source>Analytics</source>
      <translation>Auswertung</translation>
    </message>
    <message>
      <source>Similarity</source>
      <translation>Ähnlichkeit</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Aktualisieren</translation>
    </message>
    <message>
      <source>Re-mark everyone…</source>
      <translation>Alle neu bewerten…</translation>
    </message>
    <message>
      <source>Re-mark this student…</source>
      <translation>Diese Person neu bewerten…</translation>
    </message>
    <message>
      <source>Release results…</source>
      <translation>Ergebnisse freigeben…</translation>
    </message>
    <message>
      <source>Released to students</source>
      <translation>Für Studierende freigegeben</translation>
    </message>
    <message>
      <source>Loading the results…</source>
      <translation>Die Ergebnisse werden geladen…</translation>
    </message>
    <message>
      <source>Could not load the results: {error}</source>
      <translation>Die Ergebnisse konnten nicht geladen werden: {error}</translation>
    </message>
    <message>
      <source>This paper has no questions: nothing is marked. The hand-ins are in the export.</source>
      <translation>Diese Prüfung hat keine Aufgaben: Nichts wird bewertet. Die Abgaben sind im Export.</translation>
    </message>
    <message>
      <source>No student has joined yet.</source>
      <translation>Noch niemand ist beigetreten.</translation>
    </message>
    <message>
      <source>Marking: {done} of {total} marks done…</source>
      <translation>Bewertung: {done} von {total} Bewertungen fertig…</translation>
    </message>
    <message>
      <source>Marking done: {total} marks.</source>
      <translation>Bewertung fertig: {total} Bewertungen.</translation>
    </message>
    <message>
      <source>1 student is still being marked.</source>
      <translation>1 Person wird noch bewertet.</translation>
    </message>
    <message>
      <source>{n} students are still being marked.</source>
      <translation>{n} Personen werden noch bewertet.</translation>
    </message>
    <message>
      <source>{n} students · mean {mean} · median {median} · {passed}</source>
      <translation>{n} Studierende · Mittelwert {mean} · Median {median} · {passed}</translation>
    </message>
    <message>
      <source>{passed} of {n} passed</source>
      <translation>{passed} von {n} bestanden</translation>
    </message>
    <message>
      <source>no pass mark</source>
      <translation>keine Bestehensgrenze</translation>
    </message>
    <message>
      <source>Find a student by name or reg. no</source>
      <translation>Studierende nach Name oder Matrikelnr. suchen</translation>
    </message>
    <message>
      <source>pass</source>
      <translation>bestanden</translation>
    </message>
    <message>
      <source>not a pass</source>
      <translation>nicht bestanden</translation>
    </message>
    <message>
      <source>marking…</source>
      <translation>wird bewertet…</translation>
    </message>
    <message>
      <source>—</source>
      <translation>—</translation>
    </message>
    <message>
      <source>hand-in</source>
      <translation>Abgabe</translation>
    </message>
    <message>
      <source>autosave</source>
      <translation>autom. Sicherung</translation>
    </message>
    <message>
      <source>Never handed in: marked on the last autosave</source>
      <translation>Nie abgegeben: nach der letzten automatischen Sicherung bewertet</translation>
    </message>
    <message>
      <source>Reg. no</source>
      <translation>Matrikelnr.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>Punkte</translation>
    </message>
    <message>
      <source>%</source>
      <translation>%</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Ergebnis</translation>
    </message>
    <message>
      <source>Work</source>
      <translation>Arbeit</translation>
    </message>
    <message>
      <source>✎</source>
      <translation>✎</translation>
    </message>
    <message>
      <source>How many of this student's marks you set yourself</source>
      <translation>Wie viele Bewertungen dieser Person Sie selbst gesetzt haben</translation>
    </message>
    <message>
      <source>Choose a student to see their answer sheet.</source>
      <translation>Wählen Sie eine Person, um ihren Antwortbogen zu sehen.</translation>
    </message>
    <message>
      <source>{name} · {reg_no}</source>
      <translation>{name} · {reg_no}</translation>
    </message>
    <message>
      <source>{points} of {max_points} points ({percent}) · {result}</source>
      <translation>{points} von {max_points} Punkten ({percent}) · {result}</translation>
    </message>
    <message>
      <source>Handed in {time}</source>
      <translation>Abgegeben {time}</translation>
    </message>
    <message>
      <source>Not handed in: marked on the last autosave ({time})</source>
      <translation>Nicht abgegeben: nach der letzten automatischen Sicherung bewertet ({time})</translation>
    </message>
    <message>
      <source>Nothing reached the room server: every question is unanswered.</source>
      <translation>Nichts hat den Raumserver erreicht: Jede Aufgabe ist unbeantwortet.</translation>
    </message>
    <message>
      <source>Receipt {code}</source>
      <translation>Beleg {code}</translation>
    </message>
    <message>
      <source>{number}. {id} · {type} · {points} of {max_points} · {status}</source>
      <translation>{number}. {id} · {type} · {points} von {max_points} · {status}</translation>
    </message>
    <message>
      <source>Option (in the student's order)</source>
      <translation>Möglichkeit (in der Reihenfolge der Person)</translation>
    </message>
    <message>
      <source>Their answer</source>
      <translation>Ihre Antwort</translation>
    </message>
    <message>
      <source>Right answer</source>
      <translation>Richtige Antwort</translation>
    </message>
    <message>
      <source>Accepted: {answers} ({how})</source>
      <translation>Akzeptiert: {answers} ({how})</translation>
    </message>
    <message>
      <source>Not answered.</source>
      <translation>Nicht beantwortet.</translation>
    </message>
    <message>
      <source>chosen</source>
      <translation>gewählt</translation>
    </message>
    <message>
      <source>right</source>
      <translation>richtig</translation>
    </message>
    <message>
      <source>Override…</source>
      <translation>Überschreiben…</translation>
    </message>
    <message>
      <source>Set the points of this question yourself, with a reason</source>
      <translation>Die Punkte dieser Aufgabe selbst festlegen, mit Begründung</translation>
    </message>
    <message>
      <source>Proctor's mark: {points} instead of the automatic {auto} · “{reason}”</source>
      <translation>Bewertung der Aufsicht: {points} statt der automatischen {auto} · „{reason}“</translation>
    </message>
    <message>
      <source>No code was written for this question.</source>
      <translation>Für diese Aufgabe wurde kein Code geschrieben.</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>Testfall</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Art</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Begründung</translation>
    </message>
    <message>
      <source>hidden</source>
      <translation>verborgen</translation>
    </message>
    <message>
      <source>visible</source>
      <translation>sichtbar</translation>
    </message>
    <message>
      <source>passed</source>
      <translation>bestanden</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>nicht bestanden</translation>
    </message>
    <message>
      <source>Input</source>
      <translation>Eingabe</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>Erwartet</translation>
    </message>
    <message>
      <source>Their output</source>
      <translation>Ihre Ausgabe</translation>
    </message>
    <message>
      <source>Mean</source>
      <translation>Mittelwert</translation>
    </message>
    <message>
      <source>Median</source>
      <translation>Median</translation>
    </message>
    <message>
      <source>Standard deviation</source>
      <translation>Standardabweichung</translation>
    </message>
    <message>
      <source>Passed</source>
      <translation>Bestanden</translation>
    </message>
    <message>
      <source>Cronbach's alpha</source>
      <translation>Cronbachs Alpha</translation>
    </message>
    <message>
      <source>How consistently the questions measure the same thing (0.7 or more is usual)</source>
      <translation>Wie einheitlich die Aufgaben dasselbe messen (0,7 oder mehr ist üblich)</translation>
    </message>
    <message>
      <source>Students by percent</source>
      <translation>Studierende nach Prozent</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>Aufgabe</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Typ</translation>
    </message>
    <message>
      <source>Facility</source>
      <translation>Schwierigkeit</translation>
    </message>
    <message>
      <source>Mean points over the question's points: 1 means everyone had it right</source>
      <translation>Mittlere Punkte geteilt durch die Punkte der Aufgabe: 1 heißt, alle hatten sie richtig</translation>
    </message>
    <message>
      <source>Discrimination</source>
      <translation>Trennschärfe</translation>
    </message>
    <message>
      <source>How well the question separates strong from weak papers (its correlation with the rest of the paper). Below 0.3: check the question, it may be ambiguous or mis-keyed.</source>
      <translation>Wie gut die Aufgabe starke von schwachen Arbeiten trennt (ihre Korrelation mit dem Rest der Prüfung). Unter 0,3: Prüfen Sie die Aufgabe, sie ist vielleicht mehrdeutig oder falsch bewertet.</translation>
    </message>
    <message>
      <source>Mean points</source>
      <translation>Mittlere Punkte</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>Beantwortet</translation>
    </message>
    <message>
      <source>{answered} of {students}</source>
      <translation>{answered} von {students}</translation>
    </message>
    <message>
      <source>check this question</source>
      <translation>diese Aufgabe prüfen</translation>
    </message>
    <message>
      <source>Hidden tests of {question}: who passed each</source>
      <translation>Verborgene Tests von {question}: wer welchen bestanden hat</translation>
    </message>
    <message>
      <source>The share of the students whose code ran the test that passed it</source>
      <translation>Der Anteil der Studierenden, deren Code den Test ausgeführt hat, die ihn bestanden haben</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>Hinweis</translation>
    </message>
    <message>
      <source>Choose a code question to see its hidden tests.</source>
      <translation>Wählen Sie eine Code-Aufgabe, um ihre verborgenen Tests zu sehen.</translation>
    </message>
    <message>
      <source>Hidden test</source>
      <translation>Verborgener Test</translation>
    </message>
    <message>
      <source>Passed by</source>
      <translation>Bestanden von</translation>
    </message>
    <message>
      <source>Ran</source>
      <translation>Ausgeführt</translation>
    </message>
    <message>
      <source>Student</source>
      <translation>Studierende/r</translation>
    </message>
    <message>
      <source>Similar</source>
      <translation>Ähnlich</translation>
    </message>
    <message>
      <source>No two students' code is alike.</source>
      <translation>Kein Code zweier Studierender ist sich ähnlich.</translation>
    </message>
    <message>
      <source>Choose a pair to see their code side by side: the lines they share are shaded.</source>
      <translation>Wählen Sie ein Paar, um den Code nebeneinander zu sehen: Gemeinsame Zeilen sind hinterlegt.</translation>
    </message>
    <message>
      <source>{question}: {score} alike (the starter code does not count)</source>
      <translation>{question}: {score} ähnlich (der Startcode zählt nicht)</translation>
    </message>
    <message>
      <source>Override the mark</source>
      <translation>Bewertung überschreiben</translation>
    </message>
    <message>
      <source>{name}, question {question}: worth {max_points} points; the automatic mark is {auto}.</source>
      <translation>{name}, Aufgabe {question}: {max_points} Punkte wert; die automatische Bewertung ist {auto}.</translation>
    </message>
    <message>
      <source>Reason (kept with the mark and in the log)</source>
      <translation>Begründung (wird mit der Bewertung und im Protokoll gespeichert)</translation>
    </message>
    <message>
      <source>Say why: the reason is kept with the mark and in the log.</source>
      <translation>Sagen Sie warum: Die Begründung wird mit der Bewertung und im Protokoll gespeichert.</translation>
    </message>
    <message>
      <source>Set this mark</source>
      <translation>Diese Bewertung setzen</translation>
    </message>
    <message>
      <source>Give the automatic mark back</source>
      <translation>Die automatische Bewertung wiederherstellen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>{name}, {question}: {points} points.</source>
      <translation>{name}, {question}: {points} Punkte.</translation>
    </message>
    <message>
      <source>Could not set the mark: {error}</source>
      <translation>Die Bewertung konnte nicht gesetzt werden: {error}</translation>
    </message>
    <message>
      <source>Mark again</source>
      <translation>Neu bewerten</translation>
    </message>
    <message>
      <source>Mark every student's work again? Use it after fixing a hidden test or an answer in the paper. The marks you set yourself are kept.</source>
      <translation>Die Arbeit aller Studierenden neu bewerten? Verwenden Sie das, nachdem Sie einen verborgenen Test oder eine Antwort in der Prüfung korrigiert haben. Ihre selbst gesetzten Bewertungen bleiben erhalten.</translation>
    </message>
    <message>
      <source>Mark {name}'s work again? The marks you set yourself are kept.</source>
      <translation>Die Arbeit von {name} neu bewerten? Ihre selbst gesetzten Bewertungen bleiben erhalten.</translation>
    </message>
    <message>
      <source>1 mark is being redone.</source>
      <translation>1 Bewertung wird neu erstellt.</translation>
    </message>
    <message>
      <source>{n} marks are being redone.</source>
      <translation>{n} Bewertungen werden neu erstellt.</translation>
    </message>
    <message>
      <source>Could not start marking: {error}</source>
      <translation>Die Bewertung konnte nicht gestartet werden: {error}</translation>
    </message>
    <message>
      <source>Release the results</source>
      <translation>Die Ergebnisse freigeben</translation>
    </message>
    <message>
      <source>{preview}

Release the results to every student now? It cannot be undone.</source>
      <translation>{preview}

Die Ergebnisse jetzt für alle Studierenden freigeben? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
      <source>{pending} They see their marks once marking ends.</source>
      <translation>{pending} Sie sehen ihre Bewertungen, sobald die Bewertung endet.</translation>
    </message>
    <message>
      <source>Release</source>
      <translation>Freigeben</translation>
    </message>
    <message>
      <source>Results released: students see them in the exam app.</source>
      <translation>Ergebnisse freigegeben: Studierende sehen sie in der Prüfungs-App.</translation>
    </message>
    <message>
      <source>Could not release the results: {error}</source>
      <translation>Die Ergebnisse konnten nicht freigegeben werden: {error}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ROOMS</name>
    <message>
      <source>Exam rooms on this computer</source>
      <translation>Prüfungsräume auf diesem Rechner</translation>
    </message>
    <message>
      <source>Go back to a room?</source>
      <translation>Zu einem Raum zurückkehren?</translation>
    </message>
    <message>
      <source>These rooms were not closed. A running room goes on serving its students; a room whose server stopped can be started again with everything it had.</source>
      <translation>Diese Räume wurden nicht geschlossen. Ein laufender Raum bedient seine Studierenden weiter; ein Raum, dessen Server beendet wurde, kann mit allem, was er hatte, neu gestartet werden.</translation>
    </message>
    <message>
      <source>Open this room</source>
      <translation>Diesen Raum öffnen</translation>
    </message>
    <message>
      <source>Set up a new room</source>
      <translation>Einen neuen Raum einrichten</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ROOM_ENTRY_STATUS</name>
    <message>
      <source>in the lobby</source>
      <translation>im Warteraum</translation>
    </message>
    <message>
      <source>exam running</source>
      <translation>Prüfung läuft</translation>
    </message>
    <message>
      <source>exam over</source>
      <translation>Prüfung vorbei</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.ROOM_STATUS_LABELS</name>
    <message>
      <source>Lobby: waiting for students</source>
      <translation>Warteraum: wartet auf Studierende</translation>
    </message>
    <message>
      <source>Exam running</source>
      <translation>Prüfung läuft</translation>
    </message>
    <message>
      <source>Exam over</source>
      <translation>Prüfung vorbei</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.SELECTION</name>
    <message>
      <source>Select students to act:</source>
      <translation>Studierende auswählen, um zu handeln:</translation>
    </message>
    <message>
      <source>{n} selected:</source>
      <translation>{n} ausgewählt:</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.SETUP</name>
    <message>
      <source>Set up the exam room</source>
      <translation>Den Prüfungsraum einrichten</translation>
    </message>
    <message>
      <source>Students join with the address and join code shown once the room is open. The exam starts only when you press Start exam.</source>
      <translation>Die Studierenden treten mit der Adresse und dem Beitrittscode bei, die angezeigt werden, sobald der Raum offen ist. Die Prüfung beginnt erst, wenn Sie „Prüfung starten“ drücken.</translation>
    </message>
    <message>
      <source>Session name</source>
      <translation>Name der Sitzung</translation>
    </message>
    <message>
      <source>e.g. Programming 1, final exam</source>
      <translation>z. B. Programmierung 1, Abschlussprüfung</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Dauer</translation>
    </message>
    <message>
      <source> minutes</source>
      <translation> Minuten</translation>
    </message>
    <message>
      <source>Admin key</source>
      <translation>Admin-Schlüssel</translation>
    </message>
    <message>
      <source>At least {} characters</source>
      <translation>Mindestens {} Zeichen</translation>
    </message>
    <message>
      <source>Admin key again</source>
      <translation>Admin-Schlüssel wiederholen</translation>
    </message>
    <message>
      <source>The same key again</source>
      <translation>Derselbe Schlüssel noch einmal</translation>
    </message>
    <message>
      <source>Network address</source>
      <translation>Netzwerkadresse</translation>
    </message>
    <message>
      <source>{}  ({}, no DHCP: students may not reach it)</source>
      <translation>{}  ({}, kein DHCP: Studierende erreichen sie vielleicht nicht)</translation>
    </message>
    <message>
      <source>{}  (this computer only: for a trial run)</source>
      <translation>{}  (nur dieser Rechner: für einen Probelauf)</translation>
    </message>
    <message>
      <source>No network connection was found, so students on other computers cannot join. Connect this computer to the exam hall's network, or run the room on this computer only.</source>
      <translation>Es wurde keine Netzwerkverbindung gefunden, daher können Studierende an anderen Rechnern nicht beitreten. Verbinden Sie diesen Rechner mit dem Netz des Prüfungssaals, oder betreiben Sie den Raum nur auf diesem Rechner.</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>Checking whether the port is free…</source>
      <translation>Es wird geprüft, ob der Port frei ist…</translation>
    </message>
    <message>
      <source>Free</source>
      <translation>Frei</translation>
    </message>
    <message>
      <source>Port {} is in use by another program.</source>
      <translation>Port {} wird von einem anderen Programm verwendet.</translation>
    </message>
    <message>
      <source>Port {} is in use by another program. Port {} is free.</source>
      <translation>Port {} wird von einem anderen Programm verwendet. Port {} ist frei.</translation>
    </message>
    <message>
      <source>Use {}</source>
      <translation>{} verwenden</translation>
    </message>
    <message>
      <source>Exam paper folder</source>
      <translation>Ordner der Prüfungsaufgaben</translation>
    </message>
    <message>
      <source>Empty: the sample paper</source>
      <translation>Leer: die Beispielprüfung</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Auswählen…</translation>
    </message>
    <message>
      <source>Edit paper…</source>
      <translation>Prüfung bearbeiten…</translation>
    </message>
    <message>
      <source>Open this paper in the paper editor; it is checked again after each save</source>
      <translation>Diese Prüfung im Aufgabeneditor öffnen; sie wird nach jedem Speichern erneut geprüft</translation>
    </message>
    <message>
      <source>The paper's check</source>
      <translation>Prüfung der Aufgaben</translation>
    </message>
    <message>
      <source>The host would refuse this paper for 1 problem; edit the paper, then save it:</source>
      <translation>Der Rechner der Aufsicht würde diese Prüfung wegen 1 Problems ablehnen; bearbeiten Sie die Prüfung und speichern Sie sie dann:</translation>
    </message>
    <message>
      <source>The host would refuse this paper for {n} problems; edit the paper, then save it:</source>
      <translation>Der Rechner der Aufsicht würde diese Prüfung wegen {n} Problemen ablehnen; bearbeiten Sie die Prüfung und speichern Sie sie dann:</translation>
    </message>
    <message>
      <source>Choose the exam paper folder</source>
      <translation>Den Ordner der Prüfungsaufgaben wählen</translation>
    </message>
    <message>
      <source>Camera</source>
      <translation>Kamera</translation>
    </message>
    <message>
      <source>Check with each student's camera that someone is there</source>
      <translation>Mit der Kamera jeder Person prüfen, dass jemand da ist</translation>
    </message>
    <message>
      <source>Pasting</source>
      <translation>Einfügen</translation>
    </message>
    <message>
      <source>Open the room</source>
      <translation>Raum öffnen</translation>
    </message>
    <message>
      <source>Opening the room…</source>
      <translation>Raum wird geöffnet…</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Give the session a name; students see it when they join.</source>
      <translation>Geben Sie der Sitzung einen Namen; Studierende sehen ihn beim Beitritt.</translation>
    </message>
    <message>
      <source>The name cannot contain control characters.</source>
      <translation>Der Name darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
      <source>An exam lasts at least 1 minute. Type the number of minutes it lasts.</source>
      <translation>Eine Prüfung dauert mindestens 1 Minute. Geben Sie die Dauer in Minuten ein.</translation>
    </message>
    <message>
      <source>The admin key needs at least {} characters. You need it to end the session, and to open this dashboard again.</source>
      <translation>Der Admin-Schlüssel braucht mindestens {} Zeichen. Sie brauchen ihn, um die Sitzung zu beenden und diese Übersicht wieder zu öffnen.</translation>
    </message>
    <message>
      <source>The two admin keys are not the same.</source>
      <translation>Die beiden Admin-Schlüssel sind nicht gleich.</translation>
    </message>
    <message>
      <source>Please correct the field marked below.</source>
      <translation>Bitte korrigieren Sie das unten markierte Feld.</translation>
    </message>
    <message>
      <source>Please correct the {} fields marked below.</source>
      <translation>Bitte korrigieren Sie die {} unten markierten Felder.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.STANDING_LABELS</name>
    <message>
      <source>Waiting</source>
      <translation>Wartet</translation>
    </message>
    <message>
      <source>Writing</source>
      <translation>Schreibt</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>Angehalten</translation>
    </message>
    <message>
      <source>Handed in</source>
      <translation>Abgegeben</translation>
    </message>
    <message>
      <source>Not handed in</source>
      <translation>Nicht abgegeben</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>Entfernt</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.STUDENT_BUTTONS</name>
    <message>
      <source>Details</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>Anhalten</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Flag…</source>
      <translation>Markieren…</translation>
    </message>
    <message>
      <source>Clear flag</source>
      <translation>Markierung aufheben</translation>
    </message>
    <message>
      <source>Extra time…</source>
      <translation>Zusatzzeit…</translation>
    </message>
    <message>
      <source>Remove…</source>
      <translation>Entfernen…</translation>
    </message>
    <message>
      <source>Readmit</source>
      <translation>Wieder zulassen</translation>
    </message>
    <message>
      <source>Move to another computer…</source>
      <translation>An einen anderen Rechner umziehen…</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.TILES</name>
    <message>
      <source>Online</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>Flagged</source>
      <translation>Markiert</translation>
    </message>
    <message>
      <source>Handed in</source>
      <translation>Abgegeben</translation>
    </message>
    <message>
      <source>Not handed in</source>
      <translation>Nicht abgegeben</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>Entfernt</translation>
    </message>
    <message>
      <source>Students</source>
      <translation>Studierende</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.TIMER</name>
    <message>
      <source>Starts when you press Start exam</source>
      <translation>Beginnt, wenn Sie „Prüfung starten“ drücken</translation>
    </message>
    <message>
      <source>Ends at {time}</source>
      <translation>Endet um {time}</translation>
    </message>
    <message>
      <source>Time is up: waiting for the last students to hand in</source>
      <translation>Die Zeit ist um: Es wird auf die letzten Abgaben gewartet</translation>
    </message>
    <message>
      <source>The exam has ended</source>
      <translation>Die Prüfung ist beendet</translation>
    </message>
    <message>
      <source>{left} left</source>
      <translation>noch {left}</translation>
    </message>
    <message>
      <source>Lobby · {duration}</source>
      <translation>Warteraum · {duration}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels.WINDOW</name>
    <message>
      <source>Dashboard</source>
      <translation>Übersicht</translation>
    </message>
    <message>
      <source>{name} · room {room}</source>
      <translation>{name} · Raum {room}</translation>
    </message>
    <message>
      <source>Start exam</source>
      <translation>Prüfung starten</translation>
    </message>
    <message>
      <source>Extra time for everyone…</source>
      <translation>Zusatzzeit für alle…</translation>
    </message>
    <message>
      <source>End session for all…</source>
      <translation>Sitzung für alle beenden…</translation>
    </message>
    <message>
      <source>Export results…</source>
      <translation>Ergebnisse exportieren…</translation>
    </message>
    <message>
      <source>Search name or reg. no</source>
      <translation>Name oder Matrikelnr. suchen</translation>
    </message>
    <message>
      <source>Compact view</source>
      <translation>Kompakte Ansicht</translation>
    </message>
    <message>
      <source>One line for the room and smaller rows, to see more students at once</source>
      <translation>Eine Zeile für den Raum und kleinere Zeilen, um mehr Studierende auf einmal zu sehen</translation>
    </message>
    <message>
      <source>Show join card</source>
      <translation>Beitrittskarte zeigen</translation>
    </message>
    <message>
      <source>Room {room} · {address}</source>
      <translation>Raum {room} · {address}</translation>
    </message>
    <message>
      <source>Join code {code} · {address}</source>
      <translation>Beitrittscode {code} · {address}</translation>
    </message>
    <message>
      <source>Select all</source>
      <translation>Alle auswählen</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>Ausblenden</translation>
    </message>
    <message>
      <source>No students yet. Show the join card so they can type the address and join code.</source>
      <translation>Noch keine Studierenden. Zeigen Sie die Beitrittskarte, damit sie Adresse und Beitrittscode eingeben können.</translation>
    </message>
    <message>
      <source>Reconnecting to the room server… Students are not affected.</source>
      <translation>Verbindung zum Raumserver wird wiederhergestellt… Die Studierenden sind nicht betroffen.</translation>
    </message>
    <message>
      <source>{n} students went offline within 5 seconds. Is the network down? They keep their work and reconnect by themselves when it is back.</source>
      <translation>{n} Studierende sind innerhalb von 5 Sekunden offline gegangen. Ist das Netz ausgefallen? Sie behalten ihre Arbeit und verbinden sich von selbst neu, wenn es wieder da ist.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels_hall</name>
    <message>
      <source>Student</source>
      <translation>Studierende/r</translation>
    </message>
    <message>
      <source>Seat</source>
      <translation>Platz</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Wartet</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>Frage</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Zeit</translation>
    </message>
    <message>
      <source>What</source>
      <translation>Was</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Einzelheit</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.labels_hall.HALL</name>
    <message>
      <source>Hall</source>
      <translation>Saal</translation>
    </message>
    <message>
      <source>Hands ({n})</source>
      <translation>Hände ({n})</translation>
    </message>
    <message>
      <source>Announcements ({n})</source>
      <translation>Durchsagen ({n})</translation>
    </message>
    <message>
      <source>Roster</source>
      <translation>Teilnehmerliste</translation>
    </message>
    <message>
      <source>&amp;Announce…</source>
      <translation>&amp;Durchsage…</translation>
    </message>
    <message>
      <source>Send a message to every student, or to the selected one</source>
      <translation>Eine Nachricht an alle Studierenden senden oder an die ausgewählte Person</translation>
    </message>
    <message>
      <source>Announce</source>
      <translation>Durchsage</translation>
    </message>
    <message>
      <source>Everyone in the room</source>
      <translation>Alle im Raum</translation>
    </message>
    <message>
      <source>Only {name} ({reg_no})</source>
      <translation>Nur {name} ({reg_no})</translation>
    </message>
    <message>
      <source>Message (students see it large until they acknowledge it):</source>
      <translation>Nachricht (die Studierenden sehen sie groß, bis sie sie bestätigen):</translation>
    </message>
    <message>
      <source>&amp;Send</source>
      <translation>&amp;Senden</translation>
    </message>
    <message>
      <source>&amp;Cancel</source>
      <translation>&amp;Abbrechen</translation>
    </message>
    <message>
      <source>The announcement was not sent: {reason}</source>
      <translation>Die Durchsage wurde nicht gesendet: {reason}</translation>
    </message>
    <message>
      <source>{n} of {m} acknowledged</source>
      <translation>{n} von {m} haben bestätigt</translation>
    </message>
    <message>
      <source>All {m} acknowledged</source>
      <translation>Alle {m} haben bestätigt</translation>
    </message>
    <message>
      <source>to {name}</source>
      <translation>an {name}</translation>
    </message>
    <message>
      <source>to everyone</source>
      <translation>an alle</translation>
    </message>
    <message>
      <source>Not yet acknowledged: {names}</source>
      <translation>Noch nicht bestätigt: {names}</translation>
    </message>
    <message>
      <source>Everyone it was for has acknowledged it.</source>
      <translation>Alle, an die sie ging, haben sie bestätigt.</translation>
    </message>
    <message>
      <source>No announcements yet.</source>
      <translation>Noch keine Durchsagen.</translation>
    </message>
    <message>
      <source>No hands raised.</source>
      <translation>Keine Hand gehoben.</translation>
    </message>
    <message>
      <source>A&amp;nswer…</source>
      <translation>A&amp;ntworten…</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>Sch&amp;ließen</translation>
    </message>
    <message>
      <source>Show &amp;student</source>
      <translation>&amp;Person zeigen</translation>
    </message>
    <message>
      <source>Answer {name}</source>
      <translation>{name} antworten</translation>
    </message>
    <message>
      <source>Your answer (shown on the student's screen):</source>
      <translation>Ihre Antwort (auf dem Bildschirm der Person angezeigt):</translation>
    </message>
    <message>
      <source>&amp;Send answer</source>
      <translation>Antwort &amp;senden</translation>
    </message>
    <message>
      <source>The raised hand was not closed: {reason}</source>
      <translation>Die gehobene Hand wurde nicht geschlossen: {reason}</translation>
    </message>
    <message>
      <source>☝ {n} waiting</source>
      <translation>☝ {n} warten</translation>
    </message>
    <message>
      <source>&amp;Roster…</source>
      <translation>&amp;Teilnehmerliste…</translation>
    </message>
    <message>
      <source>Import the class list; see who never came; print PIN slips</source>
      <translation>Die Teilnehmerliste importieren; sehen, wer nicht gekommen ist; PIN-Zettel drucken</translation>
    </message>
    <message>
      <source>Roster (class list)</source>
      <translation>Teilnehmerliste</translation>
    </message>
    <message>
      <source>Choose a CSV file…</source>
      <translation>CSV-Datei wählen…</translation>
    </message>
    <message>
      <source>A CSV file with one student a line: reg_no, name and optionally seat (a first line naming the columns is skipped).</source>
      <translation>Eine CSV-Datei mit einer Person je Zeile: reg_no, name und wahlweise seat (eine erste Zeile mit den Spaltennamen wird übersprungen).</translation>
    </message>
    <message>
      <source>A registration number not on the list:</source>
      <translation>Eine Matrikelnummer, die nicht auf der Liste steht:</translation>
    </message>
    <message>
      <source>is refused (the student cannot join)</source>
      <translation>wird abgewiesen (die Person kann nicht beitreten)</translation>
    </message>
    <message>
      <source>is admitted and flagged</source>
      <translation>wird zugelassen und markiert</translation>
    </message>
    <message>
      <source>Give every student a PIN that joining needs (print the slips)</source>
      <translation>Jeder Person eine PIN geben, die der Beitritt verlangt (die Zettel drucken)</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>&amp;Importieren</translation>
    </message>
    <message>
      <source>Export PIN &amp;slips (PDF)…</source>
      <translation>PIN-&amp;Zettel exportieren (PDF)…</translation>
    </message>
    <message>
      <source>No class list: every registration number may join.</source>
      <translation>Keine Teilnehmerliste: Jede Matrikelnummer darf beitreten.</translation>
    </message>
    <message>
      <source>{n} on the list · {came} came · {never} never came · {off} not on the list</source>
      <translation>{n} auf der Liste · {came} gekommen · {never} nicht gekommen · {off} nicht auf der Liste</translation>
    </message>
    <message>
      <source>Never came: {names}</source>
      <translation>Nicht gekommen: {names}</translation>
    </message>
    <message>
      <source>Everyone on the list has come.</source>
      <translation>Alle auf der Liste sind gekommen.</translation>
    </message>
    <message>
      <source>Not on the list (admitted, flagged): {names}</source>
      <translation>Nicht auf der Liste (zugelassen, markiert): {names}</translation>
    </message>
    <message>
      <source>The class list was not imported: {reason}</source>
      <translation>Die Teilnehmerliste wurde nicht importiert: {reason}</translation>
    </message>
    <message>
      <source>The file could not be read: {reason}</source>
      <translation>Die Datei konnte nicht gelesen werden: {reason}</translation>
    </message>
    <message>
      <source>PIN slips saved to {path}</source>
      <translation>PIN-Zettel gespeichert unter {path}</translation>
    </message>
    <message>
      <source>Save PIN slips</source>
      <translation>PIN-Zettel speichern</translation>
    </message>
    <message>
      <source>{exam}</source>
      <translation>{exam}</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Reg. no</source>
      <translation>Matrikelnr.</translation>
    </message>
    <message>
      <source>Seat</source>
      <translation>Platz</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Room {room} · join at {address}</source>
      <translation>Raum {room} · beitreten unter {address}</translation>
    </message>
    <message>
      <source>&amp;Table</source>
      <translation>&amp;Tabelle</translation>
    </message>
    <message>
      <source>&amp;Wall of screens</source>
      <translation>&amp;Bildschirmwand</translation>
    </message>
    <message>
      <source>The wall of screens is off. Turned on before the start, each student's app sends a small picture of its exam window (nothing else) when it changes, and tells the student so.</source>
      <translation>Die Bildschirmwand ist aus. Vor dem Start eingeschaltet, sendet die App jeder Person ein kleines Bild ihres Prüfungsfensters (nichts sonst), wenn es sich ändert, und sagt es der Person.</translation>
    </message>
    <message>
      <source>The wall of screens is off; it can be turned on only before the start.</source>
      <translation>Die Bildschirmwand ist aus; sie lässt sich nur vor dem Start einschalten.</translation>
    </message>
    <message>
      <source>&amp;Turn the wall of screens on</source>
      <translation>Bildschirmwand &amp;einschalten</translation>
    </message>
    <message>
      <source>The wall of screens was not turned on: {reason}</source>
      <translation>Die Bildschirmwand wurde nicht eingeschaltet: {reason}</translation>
    </message>
    <message>
      <source>No picture yet</source>
      <translation>Noch kein Bild</translation>
    </message>
    <message>
      <source>Live: {name} ({reg_no})</source>
      <translation>Live: {name} ({reg_no})</translation>
    </message>
    <message>
      <source>Updated every {s} s while this window is open · {at}</source>
      <translation>Alle {s} s aktualisiert, solange dieses Fenster offen ist · {at}</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>&amp;Schließen</translation>
    </message>
    <message>
      <source>Integrity</source>
      <translation>Integrität</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>Verlauf</translation>
    </message>
    <message>
      <source>Nothing yet.</source>
      <translation>Noch nichts.</translation>
    </message>
    <message>
      <source>Announcement</source>
      <translation>Durchsage</translation>
    </message>
    <message>
      <source>Raised hand</source>
      <translation>Gehobene Hand</translation>
    </message>
    <message>
      <source>Proctor</source>
      <translation>Aufsicht</translation>
    </message>
    <message>
      <source>Acknowledged the announcement of {at}</source>
      <translation>Hat die Durchsage von {at} bestätigt</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="66" />
      <source>Paper editor</source>
      <translation>Aufgabeneditor</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="74" />
      <source>&amp;Open folder…</source>
      <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="75" />
      <source>&amp;Reload</source>
      <translation>&amp;Neu laden</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="76" />
      <source>&amp;Save</source>
      <translation>&amp;Speichern</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="78" />
      <source>Write paper.toml and its banks (Ctrl+S)</source>
      <translation>paper.toml und die Aufgabensammlungen schreiben (Strg+S)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="79" />
      <source>No paper open</source>
      <translation>Keine Prüfung geöffnet</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="93" />
      <source>A&amp;pply to the paper</source>
      <translation>In die Prüfung &amp;übernehmen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="94" />
      <source>Put the form's question into the paper (Ctrl+Enter)</source>
      <translation>Die Aufgabe aus dem Formular in die Prüfung übernehmen (Strg+Eingabe)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="95" />
      <source>Re&amp;vert question</source>
      <translation>Aufgabe &amp;zurücksetzen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="110" />
      <source>&amp;Question</source>
      <translation>&amp;Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="111" />
      <source>Settings and poo&amp;ls</source>
      <translation>Einstellungen und &amp;Pools</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="112" />
      <source>Pre&amp;view as a student</source>
      <translation>&amp;Vorschau als Studierende/r</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="193" />
      <source>Open a paper folder</source>
      <translation>Einen Prüfungsordner öffnen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="470" />
      <source>Saving…</source>
      <translation>Wird gespeichert…</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="503" />
      <source>Unsaved changes</source>
      <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="504" />
      <source>The paper has changes that are not saved. Save them?</source>
      <translation>Die Prüfung hat ungespeicherte Änderungen. Speichern?</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="363" />
      <source>Delete question</source>
      <translation>Aufgabe löschen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="467" />
      <source>Not saved: the question in the form has mistakes.</source>
      <translation>Nicht gespeichert: Die Aufgabe im Formular enthält Fehler.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="181" />
      <source>Opening {folder}…</source>
      <translation>{folder} wird geöffnet…</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="204" />
      <source>Paper editor: {name}</source>
      <translation>Aufgabeneditor: {name}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="210" />
      <source>Opened {folder}</source>
      <translation>{folder} geöffnet</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="215" />
      <source>Could not open {folder}</source>
      <translation>{folder} konnte nicht geöffnet werden</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="278" />
      <source>{id} in {file}</source>
      <translation>{id} in {file}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="283" />
      <source>{current}: changed, not yet applied (Ctrl+Enter)</source>
      <translation>{current}: geändert, noch nicht übernommen (Strg+Eingabe)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="332" />
      <source>{id}: applied (not yet saved)</source>
      <translation>{id}: übernommen (noch nicht gespeichert)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="494" />
      <source>Saved {value}</source>
      <translation>{value} gespeichert</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="480" />
      <source>Not saved: the paper has 1 problem (below); nothing was written.</source>
      <translation>Nicht gespeichert: Die Prüfung hat 1 Problem (unten); nichts wurde geschrieben.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor.py" line="482" />
      <source>Not saved: the paper has {count} problems (below); nothing was written.</source>
      <translation>Nicht gespeichert: Die Prüfung hat {count} Probleme (unten); nichts wurde geschrieben.</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor_fields</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="53" />
      <source>Options</source>
      <translation>Antwortmöglichkeiten</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="67" />
      <source>Add o&amp;ption</source>
      <translation>Möglichkeit &amp;hinzufügen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="67" />
      <source>Remove option</source>
      <translation>Möglichkeit entfernen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="67" />
      <source>Move up</source>
      <translation>Nach oben</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="67" />
      <source>Move down</source>
      <translation>Nach unten</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="209" />
      <source>Cases</source>
      <translation>Testfälle</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="218" />
      <source>&amp;Hidden: marks the work, never sent to students</source>
      <translation>&amp;Verborgen: bewertet die Arbeit, wird nie an Studierende gesendet</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="220" />
      <source>Add &amp;case</source>
      <translation>&amp;Testfall hinzufügen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="220" />
      <source>Remove case</source>
      <translation>Testfall entfernen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="222" />
      <source>Standard input:</source>
      <translation>Standardeingabe:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="224" />
      <source>Expected standard output:</source>
      <translation>Erwartete Standardausgabe:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="54" />
      <source>Right</source>
      <translation>Richtig</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="54" />
      <source>Option (as the student reads it)</source>
      <translation>Möglichkeit (wie Studierende sie lesen)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="192" />
      <source>Tick every right option (none ticked: no option is right).</source>
      <translation>Haken Sie jede richtige Möglichkeit an (keine angehakt: keine ist richtig).</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="194" />
      <source>Tick the one right option. Space ticks; F2 or typing edits a text.</source>
      <translation>Haken Sie die eine richtige Möglichkeit an. Leertaste hakt an; F2 oder Tippen bearbeitet einen Text.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="213" />
      <source>Case input</source>
      <translation>Eingabe des Testfalls</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_fields.py" line="213" />
      <source>Expected output</source>
      <translation>Erwartete Ausgabe</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor_form</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="73" />
      <source>letters, digits, _ and -; students see it</source>
      <translation>Buchstaben, Ziffern, _ und -; Studierende sehen sie</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="82" />
      <source>course=DSA, topic=hashing, difficulty=easy</source>
      <translation>course=DSA, topic=hashing, difficulty=easy</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="84" />
      <source>The file this question is written in (paper.toml or a bank)</source>
      <translation>Die Datei, in der diese Aufgabe steht (paper.toml oder eine Sammlung)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="85" />
      <source>Te&amp;xt here</source>
      <translation>Te&amp;xt hier</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="86" />
      <source>Text in a &amp;file:</source>
      <translation>Text in einer &amp;Datei:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="91" />
      <source>question.md, relative to the question's file</source>
      <translation>question.md, relativ zur Datei der Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="92" />
      <source>Question text (Markdown)</source>
      <translation>Aufgabentext (Markdown)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="94" />
      <source>The question, in Markdown</source>
      <translation>Die Aufgabe, in Markdown</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="97" />
      <source>&amp;Id:</source>
      <translation>&amp;Kennung:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="98" />
      <source>&amp;Type:</source>
      <translation>&amp;Typ:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="99" />
      <source>P&amp;oints:</source>
      <translation>P&amp;unkte:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="100" />
      <source>Poo&amp;l:</source>
      <translation>Poo&amp;l:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="101" />
      <source>T&amp;ags:</source>
      <translation>Schl&amp;agwörter:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="102" />
      <source>Kept &amp;in:</source>
      <translation>&amp;Steht in:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="107" />
      <source>Text:</source>
      <translation>Text:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="112" />
      <source>Options and the right answer</source>
      <translation>Antwortmöglichkeiten und die richtige Antwort</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="116" />
      <source>Accepted answers, one per line</source>
      <translation>Akzeptierte Antworten, eine pro Zeile</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="124" />
      <source>1: a one-line answer; more: a text field of that height</source>
      <translation>1: eine einzeilige Antwort; mehr: ein Textfeld dieser Höhe</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="125" />
      <source>Accepted answers</source>
      <translation>Akzeptierte Antworten</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="127" />
      <source>Accepted (one a line):</source>
      <translation>Akzeptiert (eine pro Zeile):</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="128" />
      <source>&amp;Match:</source>
      <translation>&amp;Vergleich:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="129" />
      <source>Tolerance (number):</source>
      <translation>Toleranz (Zahl):</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="130" />
      <source>Answer box lines:</source>
      <translation>Zeilen des Antwortfelds:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="135" />
      <source>word_counts.py, helpers.py</source>
      <translation>word_counts.py, helpers.py</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="138" />
      <source>Starter file text</source>
      <translation>Text der Startdatei</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="140" />
      <source>tests/q_examples.py (sent to students)</source>
      <translation>tests/q_examples.py (wird an Studierende gesendet)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="141" />
      <source>Examples (sent to students)</source>
      <translation>Beispiele (werden an Studierende gesendet)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="143" />
      <source>tests/q_hidden.py (host only)</source>
      <translation>tests/q_hidden.py (nur auf dem Aufsichtsrechner)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="144" />
      <source>Hidden tests (never sent)</source>
      <translation>Verborgene Tests (nie gesendet)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="150" />
      <source> s CPU</source>
      <translation> s CPU</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="153" />
      <source> MB</source>
      <translation> MB</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="154" />
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="156" />
      <source>Lan&amp;guage:</source>
      <translation>&amp;Sprache:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="157" />
      <source>Starter files:</source>
      <translation>Startdateien:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="158" />
      <source>Main (cases run it):</source>
      <translation>Hauptdatei (Testfälle führen sie aus):</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="159" />
      <source>Edit starter file:</source>
      <translation>Startdatei bearbeiten:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="161" />
      <source>&amp;Examples file:</source>
      <translation>&amp;Beispieldatei:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="163" />
      <source>&amp;Hidden tests file:</source>
      <translation>&amp;Datei der verborgenen Tests:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="165" />
      <source>Cases:</source>
      <translation>Testfälle:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="173" />
      <source>Scoring and limits:</source>
      <translation>Bewertung und Grenzen:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="182" />
      <source>Problems of this question</source>
      <translation>Probleme dieser Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="168" />
      <source>time:</source>
      <translation>Zeit:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="170" />
      <source>memory:</source>
      <translation>Speicher:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="228" />
      <source>(no pool)</source>
      <translation>(kein Pool)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_form.py" line="405" />
      <source>(the first file)</source>
      <translation>(die erste Datei)</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor_list</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="54" />
      <source>difficulty=easy, topic=, or any word</source>
      <translation>difficulty=easy, topic=, oder ein beliebiges Wort</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="55" />
      <source>Filter questions by tag</source>
      <translation>Aufgaben nach Schlagwort filtern</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="57" />
      <source>&amp;Filter:</source>
      <translation>&amp;Filter:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="60" />
      <source>Questions</source>
      <translation>Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="74" />
      <source>&amp;Add question</source>
      <translation>Aufgabe &amp;hinzufügen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="79" />
      <source>&amp;Delete question</source>
      <translation>Aufgabe &amp;löschen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="62" />
      <source>Id</source>
      <translation>Kennung</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="62" />
      <source>Type</source>
      <translation>Typ</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="62" />
      <source>Points</source>
      <translation>Punkte</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="62" />
      <source>Pool</source>
      <translation>Pool</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="62" />
      <source>Tags</source>
      <translation>Schlagwörter</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="139" />
      <source>{shown} of {len} questions shown</source>
      <translation>{shown} von {len} Aufgaben angezeigt</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_list.py" line="118" />
      <source>{id} in {file}{note}
{tags}</source>
      <translation>{id} in {file}{note}
{tags}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor_service</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_service.py" line="79" />
      <source>The paper could not be saved: {exc}</source>
      <translation>Die Prüfung konnte nicht gespeichert werden: {exc}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_service.py" line="48" />
      <source>The paper could not be opened: {exc}</source>
      <translation>Die Prüfung konnte nicht geöffnet werden: {exc}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_service.py" line="61" />
      <source>The paper could not be checked: {exc}</source>
      <translation>Die Prüfung konnte nicht geprüft werden: {exc}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_service.py" line="91" />
      <source>The question's files could not be read: {exc}</source>
      <translation>Die Dateien der Aufgabe konnten nicht gelesen werden: {exc}</translation>
    </message>
  </context>
  <context>
    <name>host.dashboard.ui.paper_editor_side</name>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="57" />
      <source>default: the first heading of the instructions</source>
      <translation>Standard: die erste Überschrift der Anleitung</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="60" />
      <source>Pass mark:</source>
      <translation>Bestehensgrenze:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="64" />
      <source>Each student gets their own &amp;question order</source>
      <translation>Jede/r Studierende erhält eine eigene &amp;Aufgabenreihenfolge</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="65" />
      <source>Each student gets their own &amp;option order</source>
      <translation>Jede/r Studierende erhält eine eigene Reihenfolge der &amp;Möglichkeiten</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="68" />
      <source>What a student sees once results are released</source>
      <translation>Was Studierende sehen, sobald die Ergebnisse freigegeben sind</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="70" />
      <source>bank/*.toml, more/*.toml</source>
      <translation>bank/*.toml, more/*.toml</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="75" />
      <source>Paper</source>
      <translation>Prüfung</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="77" />
      <source>&amp;Title:</source>
      <translation>&amp;Titel:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="78" />
      <source>I&amp;nstructions file:</source>
      <translation>&amp;Anleitungsdatei:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="86" />
      <source>&amp;Feedback:</source>
      <translation>&amp;Rückmeldung:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="87" />
      <source>Question &amp;banks:</source>
      <translation>Aufgaben&amp;sammlungen:</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="90" />
      <source>Pools</source>
      <translation>Pools</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="96" />
      <source>pool id</source>
      <translation>Pool-Kennung</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="99" />
      <source>&amp;Set pool</source>
      <translation>Pool &amp;festlegen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="100" />
      <source>&amp;Delete pool</source>
      <translation>Pool &amp;löschen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="101" />
      <source>Pools: questions naming a pool are drawn from it</source>
      <translation>Pools: Aufgaben, die einen Pool nennen, werden daraus gezogen</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="215" />
      <source>Paper check</source>
      <translation>Prüfung der Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="217" />
      <source>Problems</source>
      <translation>Probleme</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="222" />
      <source>What saving cannot keep</source>
      <translation>Was beim Speichern verloren geht</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="239" />
      <source> (with the question's changes not yet applied)</source>
      <translation> (mit den noch nicht übernommenen Änderungen der Aufgabe)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="319" />
      <source>Previewed student</source>
      <translation>Vorschau für Studierende/n</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="320" />
      <source>Ne&amp;xt student</source>
      <translation>&amp;Nächste/r Studierende</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="321" />
      <source>See another student's variant (pools, orders)</source>
      <translation>Die Variante einer anderen Person ansehen (Pools, Reihenfolgen)</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="322" />
      <source>Open a paper that loads to preview it.</source>
      <translation>Öffnen Sie eine ladbare Prüfung, um die Vorschau zu sehen.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="91" />
      <source>Pool id</source>
      <translation>Pool-Kennung</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="91" />
      <source>Each student draws</source>
      <translation>Jede/r Studierende zieht</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="106" />
      <source>draws</source>
      <translation>zieht</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="199" />
      <source>A pool id is letters, digits, _ and - (at most 40).</source>
      <translation>Eine Pool-Kennung besteht aus Buchstaben, Ziffern, _ und - (höchstens 40).</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="340" />
      <source>The paper has problems: fix them to preview it.</source>
      <translation>Die Prüfung hat Probleme: Beheben Sie sie, um die Vorschau zu sehen.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="256" />
      <source>No problems{suffix}. {ok}</source>
      <translation>Keine Probleme{suffix}. {ok}</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="244" />
      <source>1 problem: a host would refuse this paper{suffix}. Enter on a problem goes to its question.</source>
      <translation>1 Problem: Ein Aufsichtsrechner würde diese Prüfung ablehnen{suffix}. Eingabe auf einem Problem springt zur Aufgabe.</translation>
    </message>
    <message>
      <location filename="proctor/host/dashboard/ui/paper_editor_side.py" line="249" />
      <source>{count} problems: a host would refuse this paper{suffix}. Enter on a problem goes to its question.</source>
      <translation>{count} Probleme: Ein Aufsichtsrechner würde diese Prüfung ablehnen{suffix}. Eingabe auf einem Problem springt zur Aufgabe.</translation>
    </message>
  </context>
  <context>
    <name>host.incident_words.INCIDENT_LABELS</name>
    <message>
      <source>Blacklisted app opened</source>
      <translation>Verbotene Anwendung geöffnet</translation>
    </message>
    <message>
      <source>Blacklisted app closed</source>
      <translation>Verbotene Anwendung geschlossen</translation>
    </message>
    <message>
      <source>Left the exam window</source>
      <translation>Prüfungsfenster verlassen</translation>
    </message>
    <message>
      <source>Back in the exam window</source>
      <translation>Zurück im Prüfungsfenster</translation>
    </message>
    <message>
      <source>Pasted text from outside</source>
      <translation>Text von außen eingefügt</translation>
    </message>
    <message>
      <source>Paste from outside blocked</source>
      <translation>Einfügen von außen blockiert</translation>
    </message>
    <message>
      <source>No face on camera</source>
      <translation>Kein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>More than one face on camera</source>
      <translation>Mehr als ein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>Face on camera again</source>
      <translation>Wieder ein Gesicht vor der Kamera</translation>
    </message>
    <message>
      <source>No camera: check not running</source>
      <translation>Keine Kamera: Prüfung läuft nicht</translation>
    </message>
    <message>
      <source>Camera covered</source>
      <translation>Kamera verdeckt</translation>
    </message>
    <message>
      <source>Camera image frozen</source>
      <translation>Kamerabild eingefroren</translation>
    </message>
    <message>
      <source>Went offline</source>
      <translation>Offline gegangen</translation>
    </message>
    <message>
      <source>Back online</source>
      <translation>Wieder online</translation>
    </message>
    <message>
      <source>Joined again</source>
      <translation>Erneut beigetreten</translation>
    </message>
    <message>
      <source>Flooded the host with messages</source>
      <translation>Hat den Rechner mit Nachrichten überflutet</translation>
    </message>
    <message>
      <source>Too many reports: the rest were dropped</source>
      <translation>Zu viele Meldungen: Der Rest wurde verworfen</translation>
    </message>
    <message>
      <source>Seat claim refused</source>
      <translation>Platzanspruch abgewiesen</translation>
    </message>
    <message>
      <source>Moved to another computer</source>
      <translation>An einen anderen Rechner umgezogen</translation>
    </message>
    <message>
      <source>Joined</source>
      <translation>Beigetreten</translation>
    </message>
    <message>
      <source>Handed in</source>
      <translation>Abgegeben</translation>
    </message>
    <message>
      <source>Join with this reg. no refused</source>
      <translation>Beitritt mit dieser Matrikelnummer abgewiesen</translation>
    </message>
    <message>
      <source>Wrong admin key</source>
      <translation>Falscher Admin-Schlüssel</translation>
    </message>
    <message>
      <source>Raised a hand</source>
      <translation>Hat die Hand gehoben</translation>
    </message>
    <message>
      <source>Joined, not on the class list</source>
      <translation>Beigetreten, nicht auf der Teilnehmerliste</translation>
    </message>
    <message>
      <source>Second screen connected</source>
      <translation>Zweiter Bildschirm angeschlossen</translation>
    </message>
    <message>
      <source>Looking away from the screen</source>
      <translation>Blick vom Bildschirm abgewandt</translation>
    </message>
  </context>
  <context>
    <name>host.reports.ui.slips</name>
    <message>
      <location filename="proctor/host/reports/ui/slips.py" line="54" />
      <source>PIN slips — {exam}</source>
      <translation>PIN-Zettel — {exam}</translation>
    </message>
  </context>
  <context>
    <name>landing</name>
    <message>
      <location filename="proctor/landing.py" line="55" />
      <source>Proctor</source>
      <translation>Proctor</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="58" />
      <source>Offline exams on the local network. Who is using this computer?</source>
      <translation>Offline-Prüfungen im lokalen Netz. Wer benutzt diesen Rechner?</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="63" />
      <source>I am the &amp;proctor</source>
      <translation>Ich bin die &amp;Aufsicht</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="65" />
      <source>Host an exam room and watch the students</source>
      <translation>Einen Prüfungsraum bereitstellen und die Studierenden beobachten</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="66" />
      <source>I am a &amp;student</source>
      <translation>Ich bin &amp;Studierende/r</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="68" />
      <source>Join the exam the proctor is hosting</source>
      <translation>Der Prüfung beitreten, die die Aufsicht bereitstellt</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="69" />
      <source>Host an exam room and
watch it live</source>
      <translation>Einen Prüfungsraum bereitstellen
und live beobachten</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="70" />
      <source>Join an exam by the
proctor's address and room ID</source>
      <translation>Einer Prüfung mit der Adresse
und Raumkennung der Aufsicht beitreten</translation>
    </message>
    <message>
      <location filename="proctor/landing.py" line="89" />
      <source>Version {version}</source>
      <translation>Version {version}</translation>
    </message>
  </context>
  <context>
    <name>student.ui.accommodations</name>
    <message>
      <location filename="proctor/student/ui/accommodations.py" line="46" />
      <source>The proctor switched you to the plain-text editor (Ctrl+Shift+P).</source>
      <translation>Die Aufsicht hat für Sie den einfachen Texteditor eingeschaltet (Strg+Umschalt+P).</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/accommodations.py" line="38" />
      <source>The proctor set your text size to {percent} %.</source>
      <translation>Die Aufsicht hat Ihre Textgröße auf {percent} % gestellt.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.controller</name>
    <message>
      <location filename="proctor/student/ui/controller.py" line="344" />
      <source>Saving…</source>
      <translation>Wird gespeichert…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/controller.py" line="443" />
      <source>Stopped</source>
      <translation>Angehalten</translation>
    </message>
  </context>
  <context>
    <name>student.ui.exam</name>
    <message>
      <location filename="proctor/student/ui/exam.py" line="83" />
      <source>Instructions</source>
      <translation>Anleitung</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="86" />
      <source>Files</source>
      <translation>Dateien</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="250" />
      <source>Questions and instructions</source>
      <translation>Aufgaben und Anleitung</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="255" />
      <source>&amp;Questions</source>
      <translation>&amp;Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="182" />
      <source>File {name}</source>
      <translation>Datei {name}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="352" />
      <source>NOT SAVED</source>
      <translation>NICHT GESPEICHERT</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="352" />
      <source>Too large to send</source>
      <translation>Zu groß zum Senden</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/exam.py" line="394" />
      <source>There is no Python file to run.</source>
      <translation>Es gibt keine Python-Datei zum Ausführen.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.instructions</name>
    <message>
      <location filename="proctor/student/ui/instructions.py" line="30" />
      <source>This paper has no written instructions.</source>
      <translation>Zu dieser Prüfung gibt es keine schriftliche Anleitung.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.lobby</name>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="31" />
      <source>Connecting to the proctor's computer…</source>
      <translation>Verbindung zum Rechner der Aufsicht wird hergestellt…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="47" />
      <source>Keep this window open. The exam opens here by itself the moment the proctor starts it.</source>
      <translation>Lassen Sie dieses Fenster offen. Die Prüfung öffnet sich hier von selbst, sobald die Aufsicht sie startet.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="61" />
      <source>Waiting room</source>
      <translation>Warteraum</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="95" />
      <source>Connected. Waiting for the proctor to start the session…</source>
      <translation>Verbunden. Warten, bis die Aufsicht die Sitzung startet…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="83" />
      <source>Duration: {duration}</source>
      <translation>Dauer: {duration}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="85" />
      <source>You are {name} · {reg_no}</source>
      <translation>Sie sind {name} · {reg_no}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/lobby.py" line="97" />
      <source>Not connected to the proctor's computer. Trying again…</source>
      <translation>Nicht mit dem Rechner der Aufsicht verbunden. Neuer Versuch…</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages</name>
    <message>
      <location filename="proctor/student/ui/messages.py" line="218" />
      <source>Saved on this computer</source>
      <translation>Auf diesem Rechner gespeichert</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="222" />
      <source>Saved on the proctor's computer</source>
      <translation>Auf dem Rechner der Aufsicht gespeichert</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="224" />
      <source>Saved on this computer · sending to the proctor…</source>
      <translation>Auf diesem Rechner gespeichert · wird an die Aufsicht gesendet…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="242" />
      <source>The proctor's computer refused your files.</source>
      <translation>Der Rechner der Aufsicht hat Ihre Dateien abgelehnt.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="70" />
      <source>That host address is not valid. Type the address shown on the proctor's screen, for example 192.168.1.20 or 192.168.1.20:8080.</source>
      <translation>Diese Adresse ist ungültig. Geben Sie die Adresse ein, die der Bildschirm der Aufsicht zeigt, zum Beispiel 192.168.1.20 oder 192.168.1.20:8080.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="116" />
      <source>The proctor has removed you from this exam. Ask the proctor if you think this is a mistake.</source>
      <translation>Die Aufsicht hat Sie aus dieser Prüfung entfernt. Fragen Sie die Aufsicht, wenn Sie glauben, dass das ein Irrtum ist.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="133" />
      <source>This exam has already ended and no longer accepts students.</source>
      <translation>Diese Prüfung ist bereits beendet und nimmt keine Studierenden mehr auf.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="146" />
      <source>This copy of Proctor does not match the proctor's version. Ask the proctor for the right version.</source>
      <translation>Diese Proctor-Version passt nicht zu der der Aufsicht. Fragen Sie die Aufsicht nach der richtigen Version.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="152" />
      <source>Joining failed. Please try again.</source>
      <translation>Der Beitritt ist fehlgeschlagen. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="322" />
      <source>Receipt code: {code}
SHA-256: {sha256}</source>
      <translation>Belegcode: {code}
SHA-256: {sha256}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="67" />
      <source> at {host}</source>
      <translation> unter {host}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="227" />
      <source>YOUR WORK COULD NOT BE SAVED ON THIS COMPUTER{detail}. Keep this window open and tell the proctor now. Saving is retried every second.</source>
      <translation>IHRE ARBEIT KONNTE AUF DIESEM RECHNER NICHT GESPEICHERT WERDEN{detail}. Lassen Sie dieses Fenster offen und sagen Sie sofort der Aufsicht Bescheid. Das Speichern wird jede Sekunde wiederholt.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="233" />
      <source>Your work is too large to send to the proctor{detail}. Remove large pasted data or output so it can be saved there. It is still saved on this computer.</source>
      <translation>Ihre Arbeit ist zu groß, um sie an die Aufsicht zu senden{detail}. Entfernen Sie große eingefügte Daten oder Ausgaben, damit sie dort gespeichert werden kann. Auf diesem Rechner ist sie weiterhin gespeichert.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="78" />
      <source>Cannot reach the proctor's computer{where}. Check the address and that this computer is on the exam network, then try again.</source>
      <translation>Der Rechner der Aufsicht{where} ist nicht erreichbar. Prüfen Sie die Adresse und ob dieser Rechner im Prüfungsnetz ist, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="86" />
      <source>The computer{where} answered, but it is not a Proctor exam room, so the address or the port is wrong. Check both on the proctor's screen, for example 192.168.1.20:8080.</source>
      <translation>Der Rechner{where} hat geantwortet, ist aber kein Proctor-Prüfungsraum; Adresse oder Port sind also falsch. Prüfen Sie beides auf dem Bildschirm der Aufsicht, zum Beispiel 192.168.1.20:8080.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="96" />
      <source>There is no exam room{room} on that computer. Check the room ID on the proctor's screen.</source>
      <translation>Auf diesem Rechner gibt es keinen Prüfungsraum{room}. Prüfen Sie die Raumkennung auf dem Bildschirm der Aufsicht.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="105" />
      <source>Registration number{reg_no} already has a seat in this exam on another computer. Check that you typed your own number. If you moved to this computer, ask the proctor to move your seat here, then press Join again.</source>
      <translation>Die Matrikelnummer{reg_no} hat in dieser Prüfung bereits einen Platz auf einem anderen Rechner. Prüfen Sie, ob Sie Ihre eigene Nummer eingegeben haben. Wenn Sie an diesen Rechner gewechselt sind, bitten Sie die Aufsicht, Ihren Platz hierher umzuziehen, und drücken Sie dann erneut auf Beitreten.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="125" />
      <source>Please check your name and registration number{detail}.</source>
      <translation>Bitte prüfen Sie Ihren Namen und Ihre Matrikelnummer{detail}.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="221" />
      <source>Saved on the proctor's computer at {time}</source>
      <translation>Auf dem Rechner der Aufsicht gespeichert um {time}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/messages.py" line="239" />
      <source>The proctor's computer refused your files: {message}</source>
      <translation>Der Rechner der Aufsicht hat Ihre Dateien abgelehnt: {message}</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>Raum</translation>
    </message>
    <message>
      <source>Room ID</source>
      <translation>Raumkennung</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Adresse</translation>
    </message>
    <message>
      <source>Heard</source>
      <translation>Gehört</translation>
    </message>
    <message>
      <source>No camera was found, so the camera check cannot run; the proctor has been told. Carry on with your exam. If this computer has a camera, check that it is plugged in and that no other program uses it, then raise your hand.</source>
      <translation>Es wurde keine Kamera gefunden, daher kann die Kameraprüfung nicht laufen; die Aufsicht wurde informiert. Arbeiten Sie an Ihrer Prüfung weiter. Wenn dieser Rechner eine Kamera hat, prüfen Sie, ob sie angeschlossen ist und kein anderes Programm sie benutzt, und melden Sie sich dann per Handzeichen.</translation>
    </message>
    <message>
      <source>The camera checks every 2 seconds that you alone are in view. Nothing is recorded; only a small picture of each incident is sent to the proctor.</source>
      <translation>Die Kamera prüft alle 2 Sekunden, dass nur Sie im Bild sind. Nichts wird aufgezeichnet; nur ein kleines Bild jedes Vorfalls wird an die Aufsicht gesendet.</translation>
    </message>
    <message>
      <source>The exam paper could not be loaded yet ({error}). Trying again…</source>
      <translation>Die Prüfungsaufgaben konnten noch nicht geladen werden ({error}). Neuer Versuch…</translation>
    </message>
    <message>
      <source>Connection problem: {error}</source>
      <translation>Verbindungsproblem: {error}</translation>
    </message>
    <message>
      <source>The exam is running, so this window stays open until it ends. Your work is saved automatically. If you need help, raise your hand.</source>
      <translation>Die Prüfung läuft, daher bleibt dieses Fenster offen, bis sie endet. Ihre Arbeit wird automatisch gespeichert. Wenn Sie Hilfe brauchen, melden Sie sich per Handzeichen.</translation>
    </message>
    <message>
      <source>Your work is still being handed in. Please wait until the receipt is shown.</source>
      <translation>Ihre Arbeit wird noch abgegeben. Bitte warten Sie, bis der Beleg angezeigt wird.</translation>
    </message>
    <message>
      <source>The exam is still running</source>
      <translation>Die Prüfung läuft noch</translation>
    </message>
    <message>
      <source>Exam</source>
      <translation>Prüfung</translation>
    </message>
    <message>
      <source>Session paused by the proctor</source>
      <translation>Sitzung von der Aufsicht angehalten</translation>
    </message>
    <message>
      <source>Please wait. Your work is safe and the clock is stopped; the exam continues here as soon as the proctor resumes it.</source>
      <translation>Bitte warten Sie. Ihre Arbeit ist sicher und die Uhr steht; die Prüfung geht hier weiter, sobald die Aufsicht sie fortsetzt.</translation>
    </message>
    <message>
      <source>You were removed from the exam by the proctor</source>
      <translation>Die Aufsicht hat Sie aus der Prüfung entfernt</translation>
    </message>
    <message>
      <source>Editing is closed. Your work so far is kept on this computer. Please speak to the proctor.</source>
      <translation>Das Bearbeiten ist geschlossen. Ihre bisherige Arbeit bleibt auf diesem Rechner. Bitte sprechen Sie mit der Aufsicht.</translation>
    </message>
    <message>
      <source>Exam ended</source>
      <translation>Prüfung beendet</translation>
    </message>
    <message>
      <source>Your exam moved to another computer</source>
      <translation>Ihre Prüfung ist an einen anderen Rechner umgezogen</translation>
    </message>
    <message>
      <source>Time is up</source>
      <translation>Die Zeit ist um</translation>
    </message>
    <message>
      <source>Handing in your work… Keep this window open.</source>
      <translation>Ihre Arbeit wird abgegeben… Lassen Sie dieses Fenster offen.</translation>
    </message>
    <message>
      <source>Handing in your work… The proctor's computer cannot be reached right now; trying again until it answers. Your work is safe on this computer — keep this window open.</source>
      <translation>Ihre Arbeit wird abgegeben… Der Rechner der Aufsicht ist gerade nicht erreichbar; es wird weiter versucht, bis er antwortet. Ihre Arbeit ist auf diesem Rechner sicher – lassen Sie dieses Fenster offen.</translation>
    </message>
    <message>
      <source>{reason} Your work is kept on this computer; please tell the proctor.</source>
      <translation>{reason} Ihre Arbeit bleibt auf diesem Rechner; bitte sagen Sie der Aufsicht Bescheid.</translation>
    </message>
    <message>
      <source>Work received</source>
      <translation>Arbeit erhalten</translation>
    </message>
    <message>
      <source>The exam has ended. The proctor's computer received your work at {time}. Your receipt code is {code}. Please wait for instructions.</source>
      <translation>Die Prüfung ist beendet. Der Rechner der Aufsicht hat Ihre Arbeit um {time} erhalten. Ihr Belegcode ist {code}. Bitte warten Sie auf Anweisungen.</translation>
    </message>
    <message>
      <source>&amp;Close Proctor</source>
      <translation>Proctor &amp;schließen</translation>
    </message>
    <message>
      <source>&amp;Join again</source>
      <translation>Erneut &amp;beitreten</translation>
    </message>
    <message>
      <source>Connection to the exam lost</source>
      <translation>Verbindung zur Prüfung verloren</translation>
    </message>
    <message>
      <source>The proctor's computer is not the one you joined</source>
      <translation>Der Rechner der Aufsicht ist nicht der, dem Sie beigetreten sind</translation>
    </message>
    <message>
      <source>{reason}

Your work is safe on this computer. This window keeps trying; if the projector shows a new join code, choose “Join a different exam” and type it.</source>
      <translation>{reason}

Ihre Arbeit ist auf diesem Rechner sicher. Dieses Fenster versucht es weiter; wenn der Projektor einen neuen Beitrittscode zeigt, wählen Sie „Einer anderen Prüfung beitreten“ und geben Sie ihn ein.</translation>
    </message>
    <message>
      <source>Join again with your details; your work on this computer is kept.</source>
      <translation>Treten Sie mit Ihren Angaben erneut bei; Ihre Arbeit auf diesem Rechner bleibt erhalten.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.CONNECTION_TEXT</name>
    <message>
      <source>Connected</source>
      <translation>Verbunden</translation>
    </message>
    <message>
      <source>Reconnecting…</source>
      <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
      <source>Connected (slow link)</source>
      <translation>Verbunden (langsame Verbindung)</translation>
    </message>
    <message>
      <source>Not connected — your work is kept on this computer</source>
      <translation>Nicht verbunden – Ihre Arbeit bleibt auf diesem Rechner</translation>
    </message>
    <message>
      <source>Open on another connection — tell the proctor if that is not you</source>
      <translation>Über eine andere Verbindung geöffnet – sagen Sie der Aufsicht Bescheid, wenn Sie das nicht sind</translation>
    </message>
    <message>
      <source>Removed from the exam</source>
      <translation>Aus der Prüfung entfernt</translation>
    </message>
    <message>
      <source>Not connected — not the computer you joined</source>
      <translation>Nicht verbunden – nicht der Rechner, dem Sie beigetreten sind</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.EXTRA_TIME</name>
    <message>
      <source>The proctor gave you 1 more minute. Your exam now ends at {ends}.</source>
      <translation>Die Aufsicht hat Ihnen 1 Minute mehr gegeben. Ihre Prüfung endet jetzt um {ends}.</translation>
    </message>
    <message>
      <source>The proctor gave you {minutes} more minutes. Your exam now ends at {ends}.</source>
      <translation>Die Aufsicht hat Ihnen {minutes} Minuten mehr gegeben. Ihre Prüfung endet jetzt um {ends}.</translation>
    </message>
    <message>
      <source>The proctor took 1 minute off your time. Your exam now ends at {ends}.</source>
      <translation>Die Aufsicht hat Ihnen 1 Minute abgezogen. Ihre Prüfung endet jetzt um {ends}.</translation>
    </message>
    <message>
      <source>The proctor took {minutes} minutes off your time. Your exam now ends at {ends}.</source>
      <translation>Die Aufsicht hat Ihnen {minutes} Minuten abgezogen. Ihre Prüfung endet jetzt um {ends}.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.HALL</name>
    <message>
      <source>Announcement from the proctor</source>
      <translation>Durchsage der Aufsicht</translation>
    </message>
    <message>
      <source>Sent at {at}</source>
      <translation>Gesendet um {at}</translation>
    </message>
    <message>
      <source>{n} more to read after this one</source>
      <translation>Danach noch {n} zu lesen</translation>
    </message>
    <message>
      <source>&amp;OK, I have read this</source>
      <translation>&amp;OK, ich habe es gelesen</translation>
    </message>
    <message>
      <source>Announcements ({n})</source>
      <translation>Durchsagen ({n})</translation>
    </message>
    <message>
      <source>Read again what the proctor announced</source>
      <translation>Noch einmal lesen, was die Aufsicht durchgesagt hat</translation>
    </message>
    <message>
      <source>Announcements from the proctor</source>
      <translation>Durchsagen der Aufsicht</translation>
    </message>
    <message>
      <source>The proctor has made no announcements.</source>
      <translation>Die Aufsicht hat keine Durchsagen gemacht.</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>&amp;Schließen</translation>
    </message>
    <message>
      <source>☝ Raise &amp;hand</source>
      <translation>☝ &amp;Hand heben</translation>
    </message>
    <message>
      <source>Ask the proctor to come to you</source>
      <translation>Die Aufsicht zu sich bitten</translation>
    </message>
    <message>
      <source>Lower hand</source>
      <translation>Hand senken</translation>
    </message>
    <message>
      <source>☝ Hand raised {waited} — the proctor has been told</source>
      <translation>☝ Hand gehoben {waited} — die Aufsicht weiß Bescheid</translation>
    </message>
    <message>
      <source>Raise your hand</source>
      <translation>Hand heben</translation>
    </message>
    <message>
      <source>The proctor will come to you. You may add one line (optional):</source>
      <translation>Die Aufsicht kommt zu Ihnen. Sie können eine Zeile hinzufügen (freiwillig):</translation>
    </message>
    <message>
      <source>&amp;Raise hand</source>
      <translation>&amp;Hand heben</translation>
    </message>
    <message>
      <source>&amp;Cancel</source>
      <translation>&amp;Abbrechen</translation>
    </message>
    <message>
      <source>Your hand could not be raised: {reason}</source>
      <translation>Ihre Hand konnte nicht gehoben werden: {reason}</translation>
    </message>
    <message>
      <source>The proctor answered your raised hand</source>
      <translation>Die Aufsicht hat auf Ihre gehobene Hand geantwortet</translation>
    </message>
    <message>
      <source>The proctor saw your raised hand</source>
      <translation>Die Aufsicht hat Ihre gehobene Hand gesehen</translation>
    </message>
    <message>
      <source>The proctor has closed your request. Raise your hand again if you still need help.</source>
      <translation>Die Aufsicht hat Ihre Anfrage geschlossen. Heben Sie die Hand erneut, wenn Sie noch Hilfe brauchen.</translation>
    </message>
    <message>
      <source>&amp;OK</source>
      <translation>&amp;OK</translation>
    </message>
    <message>
      <source>● Your exam window is shared with the proctor</source>
      <translation>● Ihr Prüfungsfenster wird mit der Aufsicht geteilt</translation>
    </message>
    <message>
      <source>While this exam runs, a small picture of this exam window (nothing else on your screen) is sent to the proctor when it changes.</source>
      <translation>Während diese Prüfung läuft, wird der Aufsicht ein kleines Bild dieses Prüfungsfensters (nichts sonst von Ihrem Bildschirm) gesendet, wenn es sich ändert.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.JOIN_FORM</name>
    <message>
      <source>Join an exam</source>
      <translation>Einer Prüfung beitreten</translation>
    </message>
    <message>
      <source>Type what the proctor's screen shows, then your own details.</source>
      <translation>Geben Sie ein, was der Bildschirm der Aufsicht zeigt, dann Ihre eigenen Angaben.</translation>
    </message>
    <message>
      <source>&amp;Host address</source>
      <translation>&amp;Adresse des Aufsichtsrechners</translation>
    </message>
    <message>
      <source>The proctor's computer, e.g. 192.168.1.20:8080</source>
      <translation>Der Rechner der Aufsicht, z. B. 192.168.1.20:8080</translation>
    </message>
    <message>
      <source>Filled in when you pick a room above; or type the projector's</source>
      <translation>Wird ausgefüllt, wenn Sie oben einen Raum wählen; oder geben Sie die vom Projektor ein</translation>
    </message>
    <message>
      <source>Type the address shown on the proctor's screen.</source>
      <translation>Geben Sie die Adresse ein, die der Bildschirm der Aufsicht zeigt.</translation>
    </message>
    <message>
      <source>Not an address. Example: 192.168.1.20 or 192.168.1.20:8080</source>
      <translation>Keine Adresse. Beispiel: 192.168.1.20 oder 192.168.1.20:8080</translation>
    </message>
    <message>
      <source>&amp;Room ID or join code</source>
      <translation>&amp;Raumkennung oder Beitrittscode</translation>
    </message>
    <message>
      <source>From the projector, e.g. K7M2QX-9F3A</source>
      <translation>Vom Projektor, z. B. K7M2QX-9F3A</translation>
    </message>
    <message>
      <source>{typed} of {n} characters</source>
      <translation>{typed} von {n} Zeichen</translation>
    </message>
    <message>
      <source>Now the 4 characters after the dash ({typed} of 4)</source>
      <translation>Jetzt die 4 Zeichen nach dem Bindestrich ({typed} von 4)</translation>
    </message>
    <message>
      <source>Type the 4 characters after the dash in the join code on the projector</source>
      <translation>Geben Sie die 4 Zeichen nach dem Bindestrich des Beitrittscodes auf dem Projektor ein</translation>
    </message>
    <message>
      <source>Type the room ID or the join code shown on the proctor's screen.</source>
      <translation>Geben Sie die Raumkennung oder den Beitrittscode ein, den der Bildschirm der Aufsicht zeigt.</translation>
    </message>
    <message>
      <source>A room ID has no {chars} (no 0, O, 1, I or L).</source>
      <translation>Eine Raumkennung enthält kein {chars} (kein 0, O, 1, I oder L).</translation>
    </message>
    <message>
      <source>A room ID has {n} characters; this one has {typed}.</source>
      <translation>Eine Raumkennung hat {n} Zeichen; diese hat {typed}.</translation>
    </message>
    <message>
      <source>Full &amp;name</source>
      <translation>Vollständiger &amp;Name</translation>
    </message>
    <message>
      <source>Your full name</source>
      <translation>Ihr vollständiger Name</translation>
    </message>
    <message>
      <source>As on your student card</source>
      <translation>Wie auf Ihrem Studierendenausweis</translation>
    </message>
    <message>
      <source>Type your full name as on your student card.</source>
      <translation>Geben Sie Ihren vollständigen Namen wie auf Ihrem Studierendenausweis ein.</translation>
    </message>
    <message>
      <source>A name can have at most {n} characters; this one has {typed}. Shorten it, for example with initials for middle names.</source>
      <translation>Ein Name hat höchstens {n} Zeichen; dieser hat {typed}. Kürzen Sie ihn, zum Beispiel mit Initialen für zweite Vornamen.</translation>
    </message>
    <message>
      <source>Use letters, spaces and ordinary punctuation only.</source>
      <translation>Verwenden Sie nur Buchstaben, Leerzeichen und übliche Satzzeichen.</translation>
    </message>
    <message>
      <source>Re&amp;gistration number</source>
      <translation>&amp;Matrikelnummer</translation>
    </message>
    <message>
      <source>e.g. 2023CS0042 or CS/2021/045</source>
      <translation>z. B. 2023CS0042 oder CS/2021/045</translation>
    </message>
    <message>
      <source>Your student number, as the registrar writes it</source>
      <translation>Ihre Matrikelnummer, wie das Prüfungsamt sie schreibt</translation>
    </message>
    <message>
      <source>&amp;PIN</source>
      <translation>&amp;PIN</translation>
    </message>
    <message>
      <source>The PIN printed on the slip the proctor gave you</source>
      <translation>Die PIN auf dem Zettel, den Ihnen die Aufsicht gegeben hat</translation>
    </message>
    <message>
      <source>Type your registration number.</source>
      <translation>Geben Sie Ihre Matrikelnummer ein.</translation>
    </message>
    <message>
      <source>A registration number has at most {n} characters; this one has {typed}.</source>
      <translation>Eine Matrikelnummer hat höchstens {n} Zeichen; diese hat {typed}.</translation>
    </message>
    <message>
      <source>A registration number has no backslash (\). Did you mean a slash (/)?</source>
      <translation>Eine Matrikelnummer enthält keinen umgekehrten Schrägstrich (\). Meinten Sie einen Schrägstrich (/)?</translation>
    </message>
    <message>
      <source>Use letters, digits and ordinary punctuation only.</source>
      <translation>Verwenden Sie nur Buchstaben, Ziffern und übliche Satzzeichen.</translation>
    </message>
    <message>
      <source>&amp;Join exam</source>
      <translation>Prüfung &amp;beitreten</translation>
    </message>
    <message>
      <source>Joining…</source>
      <translation>Wird beigetreten…</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.ROOMS</name>
    <message>
      <source>Rooms on this network</source>
      <translation>Räume in diesem Netz</translation>
    </message>
    <message>
      <source>Looking for exam rooms on this network…</source>
      <translation>Prüfungsräume in diesem Netz werden gesucht…</translation>
    </message>
    <message>
      <source>Pick your room (arrow keys, then Enter), then type the join code from the projector.</source>
      <translation>Wählen Sie Ihren Raum (Pfeiltasten, dann Eingabe) und geben Sie dann den Beitrittscode vom Projektor ein.</translation>
    </message>
    <message>
      <source>just now</source>
      <translation>gerade eben</translation>
    </message>
    <message>
      <source>{n} s ago</source>
      <translation>vor {n} s</translation>
    </message>
    <message>
      <source>{name} (not encrypted)</source>
      <translation>{name} (nicht verschlüsselt)</translation>
    </message>
    <message>
      <source>{name} (announced twice: type the whole join code)</source>
      <translation>{name} (doppelt angekündigt: Geben Sie den ganzen Beitrittscode ein)</translation>
    </message>
    <message>
      <source>No room heard on this network yet. That happens when the Wi-Fi keeps laptops apart (client isolation), when a firewall on this computer blocks the room's announcements (UDP ports 48080 and 5353), or when this computer is on another network (VLAN) than the proctor's. Type the host address and the join code shown on the projector below: they work whenever the proctor's computer can be reached.</source>
      <translation>In diesem Netz wurde noch kein Raum gehört. Das passiert, wenn das WLAN Laptops voneinander trennt (Client-Isolation), wenn eine Firewall auf diesem Rechner die Ankündigungen des Raums blockiert (UDP-Ports 48080 und 5353), oder wenn dieser Rechner in einem anderen Netz (VLAN) ist als der der Aufsicht. Geben Sie unten die Adresse und den Beitrittscode vom Projektor ein: Sie funktionieren immer, wenn der Rechner der Aufsicht erreichbar ist.</translation>
    </message>
    <message>
      <source>This computer cannot listen for rooms: {problems}</source>
      <translation>Dieser Rechner kann nicht nach Räumen horchen: {problems}</translation>
    </message>
    <message>
      <source>Rooms heard on this network</source>
      <translation>In diesem Netz gehörte Räume</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.RUN_PANEL</name>
    <message>
      <source>&amp;Input (stdin)</source>
      <translation>&amp;Eingabe (stdin)</translation>
    </message>
    <message>
      <source>Lines typed here are sent to input()</source>
      <translation>Hier eingegebene Zeilen gehen an input()</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>Ausgabe</translation>
    </message>
    <message>
      <source>▶  &amp;Run</source>
      <translation>▶  &amp;Ausführen</translation>
    </message>
    <message>
      <source>Run the current Python file (F5 or Ctrl+Enter)</source>
      <translation>Die aktuelle Python-Datei ausführen (F5 oder Strg+Eingabe)</translation>
    </message>
    <message>
      <source>■  S&amp;top</source>
      <translation>■  &amp;Stopp</translation>
    </message>
    <message>
      <source>C&amp;lear output</source>
      <translation>Ausgabe &amp;leeren</translation>
    </message>
  </context>
  <context>
    <name>student.ui.messages.SUBMIT</name>
    <message>
      <source>Submit your work?</source>
      <translation>Ihre Arbeit abgeben?</translation>
    </message>
    <message>
      <source>Hand in your work now?</source>
      <translation>Ihre Arbeit jetzt abgeben?</translation>
    </message>
    <message>
      <source>You may keep working and submit again until the time is up; the last submission counts. When the time is up, your work is handed in for you.</source>
      <translation>Sie können weiterarbeiten und erneut abgeben, bis die Zeit um ist; die letzte Abgabe zählt. Wenn die Zeit um ist, wird Ihre Arbeit für Sie abgegeben.</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>Abgeben</translation>
    </message>
    <message>
      <source>Keep working</source>
      <translation>Weiterarbeiten</translation>
    </message>
    <message>
      <source>Submitting your work…</source>
      <translation>Ihre Arbeit wird abgegeben…</translation>
    </message>
    <message>
      <source>Your submission did not reach the proctor: {error} Your work is saved; please try again.</source>
      <translation>Ihre Abgabe hat die Aufsicht nicht erreicht: {error} Ihre Arbeit ist gespeichert; bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>Submitted at {time}. Receipt code {code}. You may keep working and submit again; the last submission counts.</source>
      <translation>Abgegeben um {time}. Belegcode {code}. Sie können weiterarbeiten und erneut abgeben; die letzte Abgabe zählt.</translation>
    </message>
    <message>
      <source>Work submitted</source>
      <translation>Arbeit abgegeben</translation>
    </message>
    <message>
      <source>The proctor's computer received your work at {time}.</source>
      <translation>Der Rechner der Aufsicht hat Ihre Arbeit um {time} erhalten.</translation>
    </message>
    <message>
      <source>Receipt code: {code}

SHA-256 of your work:
{sha256}</source>
      <translation>Belegcode: {code}

SHA-256 Ihrer Arbeit:
{sha256}</translation>
    </message>
  </context>
  <context>
    <name>student.ui.runner</name>
    <message>
      <location filename="proctor/student/ui/runner.py" line="226" />
      <source>Input for the program</source>
      <translation>Eingabe für das Programm</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="236" />
      <source>Program output</source>
      <translation>Programmausgabe</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="85" />
      <source>Could not create a folder to run the program in.</source>
      <translation>Es konnte kein Ordner zum Ausführen des Programms angelegt werden.</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="148" />
      <source>Stopped: the program printed too much output</source>
      <translation>Angehalten: Das Programm hat zu viel ausgegeben</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="284" />
      <source>Stopped</source>
      <translation>Angehalten</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="213" />
      <source>Programs stop after {time_limit_s:g} s.  F5 runs · Ctrl+S saves · Ctrl+F finds · F6 moves between panes</source>
      <translation>Programme halten nach {time_limit_s:g} s an.  F5 führt aus · Strg+S speichert · Strg+F sucht · F6 wechselt zwischen den Bereichen</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="274" />
      <source>Stopped by you</source>
      <translation>Von Ihnen angehalten</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="291" />
      <source>Running {file_name}…</source>
      <translation>{file_name} läuft…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="169" />
      <source>Python could not be started ({errorString}).</source>
      <translation>Python konnte nicht gestartet werden ({errorString}).</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="72" />
      <source>Stopped after {time_limit_s:g} s</source>
      <translation>Nach {time_limit_s:g} s angehalten</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/runner.py" line="95" />
      <source>Could not prepare the files to run: {value}</source>
      <translation>Die Dateien konnten nicht zum Ausführen vorbereitet werden: {value}</translation>
    </message>
  </context>
  <context>
    <name>student.ui.seat_flow</name>
    <message>
      <location filename="proctor/student/ui/seat_flow.py" line="74" />
      <source>Reconnecting to your exam…</source>
      <translation>Verbindung zu Ihrer Prüfung wird wiederhergestellt…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/seat_flow.py" line="114" />
      <source>Cannot reach the proctor's computer. Trying again…</source>
      <translation>Der Rechner der Aufsicht ist nicht erreichbar. Neuer Versuch…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/seat_flow.py" line="76" />
      <source>{name} · {reg_no} · room {room_id}</source>
      <translation>{name} · {reg_no} · Raum {room_id}</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/seat_flow.py" line="116" />
      <source>{message}

Your work is safe on this computer. Keep this window open.</source>
      <translation>{message}

Ihre Arbeit ist auf diesem Rechner sicher. Lassen Sie dieses Fenster offen.</translation>
    </message>
  </context>
  <context>
    <name>student.ui.selfview</name>
    <message>
      <location filename="proctor/student/ui/selfview.py" line="46" />
      <source>Camera…</source>
      <translation>Kamera…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/selfview.py" line="53" />
      <source>Camera self-view</source>
      <translation>Eigenes Kamerabild</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/selfview.py" line="74" />
      <source>No camera</source>
      <translation>Keine Kamera</translation>
    </message>
  </context>
  <context>
    <name>student.ui.top_bar</name>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="46" />
      <source>No changes yet</source>
      <translation>Noch keine Änderungen</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="47" />
      <source>Save status</source>
      <translation>Speicherstatus</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="49" />
      <source>&amp;Submit…</source>
      <translation>&amp;Abgeben…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="51" />
      <source>Hand in your work now (you may submit again later)</source>
      <translation>Ihre Arbeit jetzt abgeben (Sie können später erneut abgeben)</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="54" />
      <source>High contrast	Ctrl+Shift+H</source>
      <translation>Hoher Kontrast	Strg+Umschalt+H</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="55" />
      <source>White and yellow on black, with thick focus frames</source>
      <translation>Weiß und Gelb auf Schwarz, mit dicken Fokusrahmen</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="60" />
      <source>Plain-text editor	Ctrl+Shift+P</source>
      <translation>Einfacher Texteditor	Strg+Umschalt+P</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="61" />
      <source>A plain-text editor a screen reader can read</source>
      <translation>Ein einfacher Texteditor, den ein Bildschirmleser lesen kann</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="66" />
      <source>&amp;View</source>
      <translation>A&amp;nsicht</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/top_bar.py" line="67" />
      <source>High contrast and the plain-text editor</source>
      <translation>Hoher Kontrast und der einfache Texteditor</translation>
    </message>
  </context>
  <context>
    <name>student.ui.widgets</name>
    <message>
      <location filename="proctor/student/ui/widgets.py" line="31" />
      <source>Connection status</source>
      <translation>Verbindungsstatus</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/widgets.py" line="77" />
      <source>Time left</source>
      <translation>Verbleibende Zeit</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/widgets.py" line="127" />
      <source>Paused — the clock is stopped</source>
      <translation>Angehalten – die Uhr steht</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/widgets.py" line="130" />
      <source>Time left: {remaining}</source>
      <translation>Verbleibende Zeit: {remaining}</translation>
    </message>
  </context>
  <context>
    <name>student.ui.window</name>
    <message>
      <location filename="proctor/student/ui/window.py" line="42" />
      <source>Reconnecting to your exam…</source>
      <translation>Verbindung zu Ihrer Prüfung wird wiederhergestellt…</translation>
    </message>
    <message>
      <location filename="proctor/student/ui/window.py" line="50" />
      <source>Join a &amp;different exam</source>
      <translation>Einer &amp;anderen Prüfung beitreten</translation>
    </message>
  </context>
  <context>
    <name>student.wording</name>
    <message>
      <source>like 192.168.1.20 or 192.168.1.20:8080</source>
      <translation>etwa 192.168.1.20 oder 192.168.1.20:8080</translation>
    </message>
    <message>
      <source>{reason} Enter the address the proctor shows, {example}.</source>
      <translation>{reason} Geben Sie die Adresse ein, die die Aufsicht zeigt, {example}.</translation>
    </message>
    <message>
      <source>The host address is empty.</source>
      <translation>Die Adresse ist leer.</translation>
    </message>
    <message>
      <source>“{text}” is not a port number (1 to 65535).</source>
      <translation>„{text}“ ist keine Portnummer (1 bis 65535).</translation>
    </message>
    <message>
      <source>“{text}” is not a host address.</source>
      <translation>„{text}“ ist keine Adresse.</translation>
    </message>
    <message>
      <source>A room ID is 6 letters and digits, like 7KQ4MZ.</source>
      <translation>Eine Raumkennung besteht aus 6 Buchstaben und Ziffern, etwa 7KQ4MZ.</translation>
    </message>
    <message>
      <source>This host speaks version {host_version} of the exam protocol and this app speaks version {our_version}. Ask the proctor which app version to use.</source>
      <translation>Dieser Rechner spricht Version {host_version} des Prüfungsprotokolls, diese App Version {our_version}. Fragen Sie die Aufsicht, welche App-Version zu verwenden ist.</translation>
    </message>
    <message>
      <source>No answer from {host}:{port} ({reason}). Check the address and that this computer is on the exam network.</source>
      <translation>Keine Antwort von {host}:{port} ({reason}). Prüfen Sie die Adresse und ob dieser Rechner im Prüfungsnetz ist.</translation>
    </message>
    <message>
      <source>{host}:{port} answers, but it is not a Proctor exam host. Check the address and port.</source>
      <translation>{host}:{port} antwortet, ist aber kein Proctor-Prüfungsrechner. Prüfen Sie Adresse und Port.</translation>
    </message>
    <message>
      <source>There is no room {room} on this host. Check the room ID.</source>
      <translation>Auf diesem Rechner gibt es keinen Raum {room}. Prüfen Sie die Raumkennung.</translation>
    </message>
    <message>
      <source>Registration number {reg_no} already has a seat in this exam on another computer. If you moved to this computer, ask the proctor to move your seat here, then press Join again.</source>
      <translation>Die Matrikelnummer {reg_no} hat in dieser Prüfung bereits einen Platz auf einem anderen Rechner. Wenn Sie an diesen Rechner gewechselt sind, bitten Sie die Aufsicht, Ihren Platz hierher umzuziehen, und drücken Sie dann erneut auf Beitreten.</translation>
    </message>
    <message>
      <source>You were removed from this exam by the proctor.</source>
      <translation>Die Aufsicht hat Sie aus dieser Prüfung entfernt.</translation>
    </message>
    <message>
      <source>This exam has ended; the room no longer takes students.</source>
      <translation>Diese Prüfung ist beendet; der Raum nimmt keine Studierenden mehr auf.</translation>
    </message>
    <message>
      <source>Too many attempts to join. Wait a minute, then retry.</source>
      <translation>Zu viele Beitrittsversuche. Warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
      <source>The host could not take you in: {reason}</source>
      <translation>Der Rechner konnte Sie nicht aufnehmen: {reason}</translation>
    </message>
    <message>
      <source>K7M2QX-9F3A</source>
      <translation>K7M2QX-9F3A</translation>
    </message>
    <message>
      <source>The room at {host}:{port} is encrypted, so this app needs its join code to check it is the proctor's computer: type the whole join code shown on the projector, like {example}, instead of the room ID.</source>
      <translation>Der Raum unter {host}:{port} ist verschlüsselt, daher braucht diese App seinen Beitrittscode, um zu prüfen, dass es der Rechner der Aufsicht ist: Geben Sie statt der Raumkennung den ganzen Beitrittscode vom Projektor ein, etwa {example}.</translation>
    </message>
    <message>
      <source>Two computers on this network announce room {room} with different certificates: one may be imitating it. Type the whole join code shown on the projector, like {example}.</source>
      <translation>Zwei Rechner in diesem Netz kündigen den Raum {room} mit verschiedenen Zertifikaten an: Einer gibt sich vielleicht als der andere aus. Geben Sie den ganzen Beitrittscode vom Projektor ein, etwa {example}.</translation>
    </message>
    <message>
      <source>Room {room} is not heard on this network. Type the host address shown on the projector as well.</source>
      <translation>Der Raum {room} ist in diesem Netz nicht zu hören. Geben Sie zusätzlich die Adresse vom Projektor ein.</translation>
    </message>
    <message>
      <source>Room {room} is announced from more than one address. Type the host address shown on the projector as well.</source>
      <translation>Der Raum {room} wird von mehr als einer Adresse angekündigt. Geben Sie zusätzlich die Adresse vom Projektor ein.</translation>
    </message>
    <message>
      <source>Input</source>
      <translation>Eingabe</translation>
    </message>
    <message>
      <source>invalid value</source>
      <translation>ungültiger Wert</translation>
    </message>
    <message>
      <source>{field}: {problem}.</source>
      <translation>{field}: {problem}.</translation>
    </message>
    <message>
      <source>the host did not answer in time</source>
      <translation>der Rechner hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
      <source>the connection was refused or the address cannot be reached</source>
      <translation>die Verbindung wurde abgelehnt oder die Adresse ist nicht erreichbar</translation>
    </message>
    <message>
      <source>the connection was dropped</source>
      <translation>die Verbindung wurde unterbrochen</translation>
    </message>
    <message>
      <source>The host answered with status {status}.</source>
      <translation>Der Rechner hat mit Status {status} geantwortet.</translation>
    </message>
    <message>
      <source>You were removed from the exam by the proctor. Your work is kept on this computer; ask the proctor if you think this is a mistake.</source>
      <translation>Die Aufsicht hat Sie aus der Prüfung entfernt. Ihre Arbeit bleibt auf diesem Rechner; fragen Sie die Aufsicht, wenn Sie glauben, dass das ein Irrtum ist.</translation>
    </message>
    <message>
      <source>The proctor moved your exam to another computer, so this computer can no longer send work to it. What you wrote here is kept on this computer. If you should carry on here, ask the proctor to move your seat back to this computer, then join again.</source>
      <translation>Die Aufsicht hat Ihre Prüfung an einen anderen Rechner umgezogen, daher kann dieser Rechner keine Arbeit mehr dorthin senden. Was Sie hier geschrieben haben, bleibt auf diesem Rechner. Wenn Sie hier weitermachen sollen, bitten Sie die Aufsicht, Ihren Platz zurück an diesen Rechner umzuziehen, und treten Sie dann erneut bei.</translation>
    </message>
    <message>
      <source>The host no longer recognises this computer's seat in the exam. Join again with your details; your work on this computer is kept.</source>
      <translation>Der Rechner der Aufsicht erkennt den Platz dieses Rechners in der Prüfung nicht mehr. Treten Sie mit Ihren Angaben erneut bei; Ihre Arbeit auf diesem Rechner bleibt erhalten.</translation>
    </message>
    <message>
      <source>The host no longer serves this room. Ask the proctor; your work on this computer is kept.</source>
      <translation>Der Rechner der Aufsicht bedient diesen Raum nicht mehr. Fragen Sie die Aufsicht; Ihre Arbeit auf diesem Rechner bleibt erhalten.</translation>
    </message>
    <message>
      <source>Join a room first.</source>
      <translation>Treten Sie zuerst einem Raum bei.</translation>
    </message>
    <message>
      <source>The paper cannot be fetched: the host cannot be reached.</source>
      <translation>Die Prüfungsaufgaben können nicht geholt werden: Der Rechner der Aufsicht ist nicht erreichbar.</translation>
    </message>
    <message>
      <source>The host's answer could not be read.</source>
      <translation>Die Antwort des Rechners konnte nicht gelesen werden.</translation>
    </message>
    <message>
      <source>Connected to the host.</source>
      <translation>Mit dem Rechner der Aufsicht verbunden.</translation>
    </message>
    <message>
      <source>Connected to the host (updates every few seconds: the live connection is blocked on this network).</source>
      <translation>Mit dem Rechner der Aufsicht verbunden (Aktualisierung alle paar Sekunden: Die Live-Verbindung ist in diesem Netz blockiert).</translation>
    </message>
    <message>
      <source>Connection to the host lost. Reconnecting… your work is saved on this computer.</source>
      <translation>Verbindung zum Rechner der Aufsicht verloren. Verbindung wird wiederhergestellt… Ihre Arbeit ist auf diesem Rechner gespeichert.</translation>
    </message>
    <message>
      <source>The host cannot be reached. Keep working: your work is saved on this computer and is sent as soon as the connection returns.</source>
      <translation>Der Rechner der Aufsicht ist nicht erreichbar. Arbeiten Sie weiter: Ihre Arbeit wird auf diesem Rechner gespeichert und gesendet, sobald die Verbindung zurück ist.</translation>
    </message>
    <message>
      <source>Saved on this computer.</source>
      <translation>Auf diesem Rechner gespeichert.</translation>
    </message>
    <message>
      <source>Your work could NOT be saved on this computer: {reason}. Tell the proctor now. Saving is retried every second.</source>
      <translation>Ihre Arbeit konnte auf diesem Rechner NICHT gespeichert werden: {reason}. Sagen Sie sofort der Aufsicht Bescheid. Das Speichern wird jede Sekunde wiederholt.</translation>
    </message>
    <message>
      <source>the disk is full</source>
      <translation>der Datenträger ist voll</translation>
    </message>
    <message>
      <source>permission was denied</source>
      <translation>der Zugriff wurde verweigert</translation>
    </message>
    <message>
      <source>Saved on the host.</source>
      <translation>Auf dem Rechner der Aufsicht gespeichert.</translation>
    </message>
    <message>
      <source>Not on the host yet: it cannot be reached. Your work is safe on this computer and is sent as soon as the connection returns.</source>
      <translation>Noch nicht auf dem Rechner der Aufsicht: Er ist nicht erreichbar. Ihre Arbeit ist auf diesem Rechner sicher und wird gesendet, sobald die Verbindung zurück ist.</translation>
    </message>
    <message>
      <source>Your work is too large for the host to accept, so your latest changes are only on this computer. Make the files smaller (for example, remove long pasted text or output); the next save is sent automatically.</source>
      <translation>Ihre Arbeit ist zu groß für den Rechner der Aufsicht, daher sind Ihre letzten Änderungen nur auf diesem Rechner. Machen Sie die Dateien kleiner (entfernen Sie zum Beispiel langen eingefügten Text oder Ausgaben); die nächste Sicherung wird automatisch gesendet.</translation>
    </message>
    <message>
      <source>Your files cannot be sent to the host ({problem}). They are saved on this computer; tell the proctor.</source>
      <translation>Ihre Dateien können nicht an den Rechner der Aufsicht gesendet werden ({problem}). Sie sind auf diesem Rechner gespeichert; sagen Sie der Aufsicht Bescheid.</translation>
    </message>
    <message>
      <source>The host cannot be reached, so your work is not handed in yet. It is saved on this computer; try again in a moment.</source>
      <translation>Der Rechner der Aufsicht ist nicht erreichbar, daher ist Ihre Arbeit noch nicht abgegeben. Sie ist auf diesem Rechner gespeichert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
      <source>The exam is over and the host no longer accepts hand-ins. The last snapshot of your work saved on the host stands.</source>
      <translation>Die Prüfung ist vorbei, und der Rechner der Aufsicht nimmt keine Abgaben mehr an. Der letzte dort gespeicherte Stand Ihrer Arbeit gilt.</translation>
    </message>
    <message>
      <source>Your work is too large for the host to accept. Make the files smaller and hand in again.</source>
      <translation>Ihre Arbeit ist zu groß für den Rechner der Aufsicht. Machen Sie die Dateien kleiner und geben Sie erneut ab.</translation>
    </message>
    <message>
      <source>The host confirmed a hand-in that is not exactly the work sent, so it is not counted as handed in. Your work is saved on this computer; submit again, and tell the proctor if this message comes back.</source>
      <translation>Der Rechner der Aufsicht hat eine Abgabe bestätigt, die nicht genau der gesendeten Arbeit entspricht; sie zählt daher nicht als abgegeben. Ihre Arbeit ist auf diesem Rechner gespeichert; geben Sie erneut ab und sagen Sie der Aufsicht Bescheid, wenn diese Meldung wiederkommt.</translation>
    </message>
    <message>
      <source>The host no longer recognises this seat.</source>
      <translation>Der Rechner der Aufsicht erkennt diesen Platz nicht mehr.</translation>
    </message>
    <message>
      <source>Your work is not handed in: {reason} It is saved on this computer; tell the proctor.</source>
      <translation>Ihre Arbeit ist nicht abgegeben: {reason} Sie ist auf diesem Rechner gespeichert; sagen Sie der Aufsicht Bescheid.</translation>
    </message>
    <message>
      <source>The host had a problem; trying again shortly.</source>
      <translation>Der Rechner der Aufsicht hatte ein Problem; gleich neuer Versuch.</translation>
    </message>
    <message>
      <source>The exam has ended. Handing in your work… the host cannot be reached yet; retrying. Your work is safe on this computer.</source>
      <translation>Die Prüfung ist beendet. Ihre Arbeit wird abgegeben… Der Rechner der Aufsicht ist noch nicht erreichbar; neuer Versuch. Ihre Arbeit ist auf diesem Rechner sicher.</translation>
    </message>
    <message>
      <source>Check runs Python programs; {main} is not one.</source>
      <translation>Prüfen führt Python-Programme aus; {main} ist keins.</translation>
    </message>
    <message>
      <source>The examples could not run: {error}</source>
      <translation>Die Beispiele konnten nicht laufen: {error}</translation>
    </message>
    <message>
      <source>{reason}, before any test ran</source>
      <translation>{reason}, bevor ein Test lief</translation>
    </message>
    <message>
      <source>not run: an earlier test stopped</source>
      <translation>nicht ausgeführt: Ein früherer Test wurde abgebrochen</translation>
    </message>
    <message>
      <source>exited with code {code}</source>
      <translation>mit Code {code} beendet</translation>
    </message>
    <message>
      <source>the examples stopped (exit code {code})</source>
      <translation>die Beispiele wurden abgebrochen (Exit-Code {code})</translation>
    </message>
    <message>
      <source>stopped: printed more than {max_chars:,} characters</source>
      <translation>abgebrochen: mehr als {max_chars:,} Zeichen ausgegeben</translation>
    </message>
    <message>
      <source>stopped after {seconds:g} s (the time Check allows)</source>
      <translation>abgebrochen nach {seconds:g} s (die Zeit, die Prüfen erlaubt)</translation>
    </message>
    <message>
      <source>no output</source>
      <translation>keine Ausgabe</translation>
    </message>
    <message>
      <source>wrong output</source>
      <translation>falsche Ausgabe</translation>
    </message>
    <message>
      <source>wrong output at line {line}: expected {want!r}, got {got!r}</source>
      <translation>falsche Ausgabe in Zeile {line}: erwartet {want!r}, erhalten {got!r}</translation>
    </message>
    <message>
      <source>wrong output at line {line}: expected nothing more, got {got!r}</source>
      <translation>falsche Ausgabe in Zeile {line}: nichts mehr erwartet, erhalten {got!r}</translation>
    </message>
    <message>
      <source>wrong output at line {line}: expected {want!r}, got nothing</source>
      <translation>falsche Ausgabe in Zeile {line}: erwartet {want!r}, nichts erhalten</translation>
    </message>
    <message>
      <source>Your exam was opened on another connection, so the host closed this one. If that was not you, tell the proctor. This window tries again in a moment.</source>
      <translation>Ihre Prüfung wurde über eine andere Verbindung geöffnet, daher hat der Rechner der Aufsicht diese geschlossen. Wenn Sie das nicht waren, sagen Sie der Aufsicht Bescheid. Dieses Fenster versucht es gleich erneut.</translation>
    </message>
  </context>
  <context>
    <name>student.wording.FIELD_NAMES</name>
    <message>
      <source>Full name</source>
      <translation>Vollständiger Name</translation>
    </message>
    <message>
      <source>Registration number</source>
      <translation>Matrikelnummer</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Dateien</translation>
    </message>
  </context>
  <context>
    <name>ui.editor</name>
    <message>
      <location filename="proctor/ui/editor.py" line="114" />
      <source>Find text</source>
      <translation>Text suchen</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="116" />
      <source>Replace with</source>
      <translation>Ersetzen durch</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="117" />
      <source>Match case</source>
      <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="120" />
      <source>Previous</source>
      <translation>Zurück</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="121" />
      <source>Next</source>
      <translation>Weiter</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="122" />
      <source>Replace</source>
      <translation>Ersetzen</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="123" />
      <source>Replace all</source>
      <translation>Alle ersetzen</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="124" />
      <source>Close</source>
      <translation>Schließen</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="125" />
      <source>Close the find bar (Esc)</source>
      <translation>Suchleiste schließen (Esc)</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="186" />
      <source>Not found</source>
      <translation>Nicht gefunden</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="262" />
      <source>Code editor</source>
      <translation>Code-Editor</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="113" />
      <source>Find</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="130" />
      <source>Find:</source>
      <translation>Suchen:</translation>
    </message>
    <message>
      <location filename="proctor/ui/editor.py" line="224" />
      <source>Replaced {count}</source>
      <translation>{count} ersetzt</translation>
    </message>
  </context>
  <context>
    <name>ui.plain_editor</name>
    <message>
      <location filename="proctor/ui/plain_editor.py" line="48" />
      <source>Line numbers</source>
      <translation>Zeilennummern</translation>
    </message>
    <message>
      <location filename="proctor/ui/plain_editor.py" line="143" />
      <source>Code editor (plain text)</source>
      <translation>Code-Editor (einfacher Text)</translation>
    </message>
    <message>
      <location filename="proctor/ui/plain_editor.py" line="245" />
      <source>Tab moves to the next control (Ctrl+M: Tab indents)</source>
      <translation>Tab springt zum nächsten Element (Strg+M: Tab rückt ein)</translation>
    </message>
    <message>
      <location filename="proctor/ui/plain_editor.py" line="247" />
      <source>Tab indents (Ctrl+M: Tab moves to the next control)</source>
      <translation>Tab rückt ein (Strg+M: Tab springt zum nächsten Element)</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.answers</name>
    <message>
      <location filename="proctor/ui/questions/answers.py" line="195" />
      <source>Clear answer</source>
      <translation>Antwort löschen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/answers.py" line="196" />
      <source>Leave this question not answered</source>
      <translation>Diese Aufgabe unbeantwortet lassen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/answers.py" line="295" />
      <source>Your answer</source>
      <translation>Ihre Antwort</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/answers.py" line="281" />
      <source>Type your answer</source>
      <translation>Geben Sie Ihre Antwort ein</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.code</name>
    <message>
      <location filename="proctor/ui/questions/code.py" line="122" />
      <source>▶  Check</source>
      <translation>▶  Prüfen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="127" />
      <source>Check</source>
      <translation>Prüfen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="143" />
      <source>Check status</source>
      <translation>Status der Prüfung</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="145" />
      <source>Check results</source>
      <translation>Ergebnisse der Prüfung</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="182" />
      <source>Checking…</source>
      <translation>Wird geprüft…</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="194" />
      <source>✓ passed</source>
      <translation>✓ bestanden</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="194" />
      <source>✗ failed</source>
      <translation>✗ nicht bestanden</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="195" />
      <source>expected</source>
      <translation>erwartet</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="195" />
      <source>actual</source>
      <translation>erhalten</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="195" />
      <source>why</source>
      <translation>warum</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="196" />
      <source>Result</source>
      <translation>Ergebnis</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="297" />
      <source>&amp;Files of this question (Enter opens one in the editor):</source>
      <translation>&amp;Dateien dieser Aufgabe (Eingabe öffnet eine im Editor):</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="301" />
      <source>Files of this question</source>
      <translation>Dateien dieser Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="309" />
      <source>&amp;Open in the editor</source>
      <translation>Im Editor ö&amp;ffnen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="147" />
      <source>Example or case</source>
      <translation>Beispiel oder Testfall</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="260" />
      <source>Check runs in the student's app</source>
      <translation>Prüfen läuft in der App der Studierenden</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="330" />
      <source>Visible cases: standard input → the output expected:</source>
      <translation>Sichtbare Testfälle: Standardeingabe → die erwartete Ausgabe:</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="125" />
      <source>Run the visible examples and cases ({keys})</source>
      <translation>Die sichtbaren Beispiele und Testfälle ausführen ({keys})</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="253" />
      <source>Check could not run: {message}</source>
      <translation>Prüfen konnte nicht laufen: {message}</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="336" />
      <source>Input</source>
      <translation>Eingabe</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="337" />
      <source>Expected output</source>
      <translation>Erwartete Ausgabe</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="130" />
      <source>Check runs this question's visible example and cases on your files. Hidden tests mark it later.</source>
      <translation>Prüfen führt das sichtbare Beispiel und die Testfälle dieser Aufgabe mit Ihren Dateien aus. Verborgene Tests bewerten sie später.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="135" />
      <source>Check runs this question's {count} visible examples and cases on your files. Hidden tests mark it later.</source>
      <translation>Prüfen führt die {count} sichtbaren Beispiele und die Testfälle dieser Aufgabe mit Ihren Dateien aus. Verborgene Tests bewerten sie später.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="224" />
      <source>{passed} of {total} passed.</source>
      <translation>{passed} von {total} bestanden.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="225" />
      <source>Hidden tests mark your work after you hand in.</source>
      <translation>Verborgene Tests bewerten Ihre Arbeit nach der Abgabe.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="320" />
      <source>Examples you can run with Check ({name}):</source>
      <translation>Beispiele, die Sie mit Prüfen ausführen können ({name}):</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/code.py" line="339" />
      <source>Case {number}</source>
      <translation>Testfall {number}</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.model</name>
    <message>
      <location filename="proctor/ui/questions/model.py" line="40" />
      <source>one answer</source>
      <translation>eine Antwort</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="41" />
      <source>several answers</source>
      <translation>mehrere Antworten</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="42" />
      <source>short answer</source>
      <translation>Kurzantwort</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="43" />
      <source>code</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="50" />
      <source>Choose one answer</source>
      <translation>Wählen Sie eine Antwort</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="51" />
      <source>Tick every right answer</source>
      <translation>Haken Sie jede richtige Antwort an</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="52" />
      <source>Short answer</source>
      <translation>Kurzantwort</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="53" />
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="73" />
      <source>1 question not answered</source>
      <translation>1 Aufgabe unbeantwortet</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="73" />
      <source>{n} questions not answered</source>
      <translation>{n} Aufgaben unbeantwortet</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="68" />
      <source>The question is answered.</source>
      <translation>Die Aufgabe ist beantwortet.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="69" />
      <source>All {n} questions are answered.</source>
      <translation>Alle {n} Aufgaben sind beantwortet.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/model.py" line="76" />
      <source>{n} marked for review</source>
      <translation>{n} zur Durchsicht markiert</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.navigator</name>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="38" />
      <source>answered</source>
      <translation>beantwortet</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="38" />
      <source>not answered</source>
      <translation>unbeantwortet</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="91" />
      <source>● answered   ○ not answered   ⚑ marked for review</source>
      <translation>● beantwortet   ○ unbeantwortet   ⚑ zur Durchsicht markiert</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="36" />
      <source>answered, marked for review</source>
      <translation>beantwortet, zur Durchsicht markiert</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="36" />
      <source>not answered, marked for review</source>
      <translation>unbeantwortet, zur Durchsicht markiert</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="72" />
      <source>&amp;Questions</source>
      <translation>&amp;Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="75" />
      <source>Questions</source>
      <translation>Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="77" />
      <source>Every question and its state. Ctrl+Page Down and Ctrl+Page Up go to the next and previous question, Alt+1 to Alt+9 to the first nine.</source>
      <translation>Jede Aufgabe und ihr Stand. Strg+Bild ab und Strg+Bild auf gehen zur nächsten und vorigen Aufgabe, Alt+1 bis Alt+9 zu den ersten neun.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="88" />
      <source>Progress</source>
      <translation>Fortschritt</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="30" />
      <source>{n} point</source>
      <translation>{n} Punkt</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/navigator.py" line="30" />
      <source>{n} points</source>
      <translation>{n} Punkte</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.page</name>
    <message>
      <location filename="proctor/ui/questions/page.py" line="124" />
      <source>&amp;Mark for review</source>
      <translation>Zur Durchsicht &amp;markieren</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/page.py" line="125" />
      <source>Flag this question to come back to before you hand in</source>
      <translation>Diese Aufgabe markieren, um vor der Abgabe darauf zurückzukommen</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/page.py" line="130" />
      <source>← &amp;Previous</source>
      <translation>← &amp;Zurück</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/page.py" line="131" />
      <source>&amp;Next →</source>
      <translation>&amp;Weiter →</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/page.py" line="93" />
      <source>Question {value} of {total}</source>
      <translation>Aufgabe {value} von {total}</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/page.py" line="113" />
      <source>Question {value}</source>
      <translation>Aufgabe {value}</translation>
    </message>
  </context>
  <context>
    <name>ui.questions.summary</name>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="44" />
      <source>Summary</source>
      <translation>Übersicht</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="45" />
      <source>&amp;Left to do (Enter goes back to a question):</source>
      <translation>&amp;Noch offen (Eingabe geht zurück zu einer Aufgabe):</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="47" />
      <source>Questions left to do</source>
      <translation>Noch offene Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="49" />
      <source>&amp;Go to question</source>
      <translation>&amp;Zur Aufgabe</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="105" />
      <source>Before you hand in</source>
      <translation>Vor der Abgabe</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="110" />
      <source>You may still change your answers after you submit, until the exam ends.</source>
      <translation>Sie können Ihre Antworten nach der Abgabe noch ändern, bis die Prüfung endet.</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="114" />
      <source>&amp;Back to the paper</source>
      <translation>&amp;Zurück zu den Aufgaben</translation>
    </message>
    <message>
      <location filename="proctor/ui/questions/summary.py" line="115" />
      <source>&amp;Submit</source>
      <translation>&amp;Abgeben</translation>
    </message>
  </context>
</TS>
