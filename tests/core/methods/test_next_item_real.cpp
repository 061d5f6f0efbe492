// The next-item task on the real SmolLM2-135M and ml-100k: a zero-shot text-prompting run scores
// 3 test users with ROUGE-1, ROUGE-L and Persona-F1, writes them into metrics.json, and predicts
// one user. Skips when the model files are absent.
#include "core/methods/text/text_prompt_method.h"
#include "core/data/next_item_task.h"
#include "core/eval/text_metrics.h"
#include "core/train/run.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>

#include <cmath>
#include <filesystem>

using namespace persona;

class TestNextItemReal : public QObject {
    Q_OBJECT

private slots:
    void zeroShotOnThreeUsers()
    {
        const std::string decoder = std::string(PERSONA_MODELS_DIR) + "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
        if (!std::filesystem::exists(decoder) || !std::filesystem::exists(std::string(PERSONA_DATA_DIR) + "/ml-100k"))
            QSKIP("SmolLM2-135M or ml-100k missing (run scripts/fetch_models.py)");
        QTemporaryDir dir;
        train::RunConfig c;
        c.method = &methods::zeroShotSpec();
        c.task = methods::TaskKind::NextItem;
        c.decoder = decoder;
        c.dataDir = PERSONA_DATA_DIR;
        c.outputDir = dir.path().toStdString() + "/run";
        c.historySize = 8;
        c.maxTestUsers = 3;
        c.train.eval.generation.maxNewTokens = 16;
        QElapsedTimer timer;
        timer.start();
        train::Run run(c);
        const nlohmann::json metrics = run.trainAndSave();
        qInfo("3 users in %.1f s: %s", timer.elapsed() / 1000.0, metrics["test"].dump().c_str());
        const auto& test = metrics.at("test");
        QCOMPARE(test.at("task").get<std::string>(), std::string("next-item"));
        QCOMPARE(test.at("users").get<std::size_t>(), std::size_t(3));
        for (const char* k : {"rouge1", "rougeL", "personaF1"}) {
            const double v = test.at(k).get<double>();
            QVERIFY2(v >= 0.0 && v <= 1.0, k);
        }
        QVERIFY(std::filesystem::exists(c.outputDir + "/metrics.json"));

        // One user by hand: the prompt holds the history titles, the output is scored against the target.
        const std::string key = run.dataset().users[run.split().part(data::Split::Test).front()].key;
        const methods::Example e = run.example(key);
        const auto& user = run.dataset().users[run.dataset().findUser(key).value()];
        QCOMPARE(e.targetPosition, user.history.size() - 1);
        QCOMPARE(e.targetText, data::nextItemText(run.dataset(), run.dataset().items[user.history.back().item]));
        const std::string prompt = run.decoderTokenizer()->decode(
            std::vector<std::int32_t>(e.promptIds.begin(), e.promptIds.end()), false);
        for (std::size_t p : e.positions)
            QVERIFY(prompt.find(run.dataset().items[user.history[p].item].title) != std::string::npos);
        const auto p = run.method().predict(e, run.config().train.eval.generation);
        QVERIFY(p.text.find("<|im_end|>") == std::string::npos && p.text.find("\nsystem") == std::string::npos);
        QVERIFY(!p.text.empty());
        const auto s = train::scoreNextItem(run.dataset(), e, p.text);
        QCOMPARE(s.rougeL, eval::rougeL(e.targetText, p.text).fmeasure);
        qInfo("user %s: target '%s', output '%s', ROUGE-L %.3f", key.c_str(), e.targetText.c_str(), p.text.c_str(), s.rougeL);
    }
};

QTEST_APPLESS_MAIN(TestNextItemReal)
#include "test_next_item_real.moc"
