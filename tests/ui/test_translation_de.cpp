// Tests the German translation: the embedded persona_workbench_de.qm (qt_add_translations,
// prefix /i18n) loads the way app/gui/main.cpp loads it, the real MainWindow then shows German
// menus, tabs and buttons with accelerators that do not clash, plural forms work, and every
// finished message in translations/persona_workbench_de.ts keeps its source's placeholders,
// HTML tags, accelerator and trailing punctuation. Unfinished messages are listed, not failed.
#include "core/api/training.h"
#include "ui/main_window.h"
#include "ui/views/method_settings.h"
#include "ui/views/training_view.h"
#include "ui_test_data.h"

#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest/QtTest>

using persona::ui::MainWindow;

namespace {

const QString kTsPath = QStringLiteral(PERSONA_TEST_DATA "/../../translations/persona_workbench_de.ts");

struct TsMessage {
    QString context;
    QString source;
    QStringList translations; // one, or one per numerus form
    bool finished = false;
};

// Every <message> of the .ts file; fails the calling test on a parse error.
QList<TsMessage> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = TsMessage();
            current.context = context;
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            current.finished = type.isEmpty();
            QString text;
            while (!xml.atEnd()) { // plain text, or <numerusform> children
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    current.translations << xml.readElementText();
                else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                    break;
            }
            if (current.translations.isEmpty())
                current.translations << text;
            messages << current;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

QStringList sortedMatches(const QRegularExpression& re, const QString& text)
{
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

// The accelerator letter of a text ("Datei ö&ffnen…" -> 'f'), or a null QChar.
QChar mnemonic(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// Fails with the clashing texts when two of `texts` share an accelerator.
QString clash(const QStringList& texts)
{
    QHash<QChar, QString> seen;
    for (const QString& t : texts) {
        const QChar m = mnemonic(t);
        if (m.isNull())
            continue;
        if (seen.contains(m))
            return QStringLiteral("'%1' and '%2' share &%3").arg(seen[m], t, m);
        seen.insert(m, t);
    }
    return {};
}

void collectMenus(QMenu* menu, QList<QMenu*>& out)
{
    out << menu;
    for (QAction* a : menu->actions())
        if (a->menu())
            collectMenus(a->menu(), out);
}

} // namespace

class TestTranslationDe : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        uitest::useOwnSettings(m_settingsDir.path(), "test_translation_de");
        // The same lookup as app/gui/main.cpp, with a German locale.
        QVERIFY2(m_translator.load(QLocale(QLocale::German, QLocale::Germany), "persona_workbench", "_", ":/i18n"),
                 "the embedded :/i18n/persona_workbench_de.qm is missing");
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
    }

    void mainWindowIsGerman()
    {
        QVERIFY2(MainWindow::aboutText().contains("Standardmodelle"), qPrintable(MainWindow::aboutText()));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QStringList menus;
        for (QAction* menu : window.menuBar()->actions())
            menus << menu->text();
        QCOMPARE(menus, QStringList({"&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"}));

        QStringList tabs;
        for (int i = 0; i < window.tabs()->count(); ++i)
            tabs << window.tabs()->tabText(i);
        QCOMPARE(tabs, QStringList({"Da&ten", "&Methode", "T&raining", "A&nalyse", "&Vergleich", "Nut&zer", "&Läufe"}));
        const QString barClash = clash(menus + tabs);
        QVERIFY2(barClash.isEmpty(), qPrintable(barClash));

        QMenu* file = window.menuBar()->actions().value(0)->menu();
        QVERIFY(file);
        QStringList fileItems;
        for (QAction* a : file->actions())
            fileItems << a->text();
        QVERIFY2(fileItems.contains("Datensatzordner ö&ffnen…"), qPrintable(fileItems.join(" | ")));
        QVERIFY2(fileItems.contains("&Beenden"), qPrintable(fileItems.join(" | ")));

        // No two items of one menu (submenus included) share an accelerator.
        QList<QMenu*> all;
        for (QAction* menu : window.menuBar()->actions())
            collectMenus(menu->menu(), all);
        QVERIFY(all.size() >= 6);
        for (QMenu* menu : all) {
            QStringList items;
            for (QAction* a : menu->actions())
                items << a->text();
            const QString c = clash(items);
            QVERIFY2(c.isEmpty(), qPrintable(menu->title() + ": " + c));
        }

        auto* training = window.trainingView();
        auto* start = training->findChild<QPushButton*>("startButton");
        auto* pause = training->findChild<QPushButton*>("pauseButton");
        auto* cancel = training->findChild<QPushButton*>("cancelButton");
        QVERIFY(start && pause && cancel);
        QCOMPARE(start->text(), QString("&Starten"));
        QCOMPARE(pause->text(), QString("&Pausieren"));
        QCOMPARE(cancel->text(), QString("Abbre&chen"));
    }

    // The core's presets (titles and descriptions in English) each have a German text, and the
    // Method view's list shows it.
    void presetsAreGerman()
    {
        const auto presets = persona::api::runPresets();
        const QList<persona::ui::MethodPreset> shown = persona::ui::methodPresets();
        QCOMPARE(shown.size(), qsizetype(presets.size()));
        for (std::size_t i = 0; i < presets.size(); ++i) {
            const QString title = m_translator.translate("PresetText", presets[i].title.c_str());
            const QString description = m_translator.translate("PresetText", presets[i].description.c_str());
            QVERIFY2(!title.isEmpty(), presets[i].title.c_str());
            QVERIFY2(!description.isEmpty(), presets[i].description.c_str());
            QCOMPARE(shown[static_cast<qsizetype>(i)].name, title);
            QCOMPARE(shown[static_cast<qsizetype>(i)].description, description);
        }
        QCOMPARE(shown.value(1).name, QStringLiteral("Unterricht"));
    }

    void pluralForms()
    {
        const char* source = "Delete %n run(s) with their curves, predictions and artifact records? This cannot be undone.";
        const QString one = QCoreApplication::translate("persona::ui::RunsView", source, nullptr, 1);
        const QString three = QCoreApplication::translate("persona::ui::RunsView", source, nullptr, 3);
        QVERIFY2(one.startsWith("1 Lauf mit seinen"), qPrintable(one));
        QVERIFY2(three.startsWith("3 Läufe mit ihren"), qPrintable(three));
    }

    void translationsKeepPlaceholders()
    {
        QString error;
        const QList<TsMessage> messages = readTs(kTsPath, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 300, qPrintable(QString::number(messages.size())));

        const QRegularExpression placeholder(QStringLiteral("%(L?\\d+|n|v|m)"));
        const QRegularExpression tag(QStringLiteral("<[^>]+>"));
        QStringList problems;
        int unfinished = 0;
        int checked = 0;
        for (const TsMessage& m : messages) {
            if (!m.finished) {
                ++unfinished;
                continue;
            }
            const QString where = m.context + QStringLiteral(" \"") + m.source + QStringLiteral("\": ");
            for (const QString& t : m.translations) {
                ++checked;
                if (t.trimmed().isEmpty()) {
                    problems << where + QStringLiteral("empty translation");
                    continue;
                }
                if (sortedMatches(placeholder, m.source) != sortedMatches(placeholder, t))
                    problems << where + QStringLiteral("placeholders differ in \"%1\"").arg(t);
                if (sortedMatches(tag, m.source) != sortedMatches(tag, t))
                    problems << where + QStringLiteral("HTML tags differ in \"%1\"").arg(t);
                if (mnemonic(m.source).isNull() != mnemonic(t).isNull())
                    problems << where + QStringLiteral("accelerator added or lost in \"%1\"").arg(t);
                // Trailing ellipsis and colon stay; an ellipsis may sit inside German quotes („…“).
                if (m.source.endsWith(QChar(0x2026)) && !t.endsWith(QChar(0x2026)) && !t.endsWith(QStringLiteral("…“")))
                    problems << where + QStringLiteral("lost the trailing ellipsis in \"%1\"").arg(t);
                if (m.source.endsWith(QLatin1Char(':')) != t.endsWith(QLatin1Char(':')))
                    problems << where + QStringLiteral("trailing colon differs in \"%1\"").arg(t);
            }
        }
        if (unfinished > 0)
            qWarning("%d message(s) in %s are not translated yet", unfinished, qPrintable(kTsPath));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QVERIFY(checked > 300);
    }

private:
    QTemporaryDir m_settingsDir;
    QTranslator m_translator;
};

QTEST_MAIN(TestTranslationDe)
#include "test_translation_de.moc"
