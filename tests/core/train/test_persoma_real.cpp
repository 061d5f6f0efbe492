// Slow test on the real models (SmolLM2-135M, MiniLM, ml-100k): PERSOMA MLP with a frozen decoder
// trains for a handful of steps on a few users and its loss goes down; the run folder reopens to
// the same loss; neighbours come back for a user. Skips when the model files are absent.
#include "core/methods/persoma/persoma_method.h"
#include "core/train/run.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>

#include <filesystem>

using namespace persona;

class TestPersomaReal : public QObject {
    Q_OBJECT

private slots:
    void mlpFrozenLearns()
    {
        const std::string decoder = std::string(PERSONA_MODELS_DIR) + "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
        const std::string encoder = std::string(PERSONA_MODELS_DIR) + "/all-minilm-l6-v2";
        if (!std::filesystem::exists(decoder) || !std::filesystem::exists(encoder + "/model.safetensors") ||
            !std::filesystem::exists(std::string(PERSONA_DATA_DIR) + "/ml-100k"))
            QSKIP("default models or ml-100k missing (run scripts/fetch_models.py)");
        QTemporaryDir dir;
        train::RunConfig c;
        c.decoder = decoder;
        c.encoder = encoder;
        c.dataDir = PERSONA_DATA_DIR;
        c.cacheDir = dir.path().toStdString() + "/cache";
        c.outputDir = dir.path().toStdString() + "/run";
        c.historySize = 5;
        c.maxTrainUsers = 2;
        c.maxValUsers = 1;
        c.maxTestUsers = 1;
        c.train.steps = 4;
        c.train.batchSize = 2;
        c.train.warmupSteps = 0;
        c.train.learningRate = 1e-3;
        c.train.evalEvery = 0;
        c.train.patience = 0;
        c.train.eval.generation.maxNewTokens = 12;

        QElapsedTimer timer;
        timer.start();
        train::Run run(c);
        qInfo("loaded in %.1f s", timer.elapsed() / 1000.0);
        const auto trainSet = run.examples(data::Split::Train, 2);
        std::vector<const methods::Example*> batch;
        for (const auto& e : trainSet)
            batch.push_back(&e);
        // The default PERSOMA objective: the decoder's loss plus the answer sketch (training mode),
        // on standardized item vectors, as trainAndSave fits them on the same two users.
        run.persoma()->fitItemStandardization(trainSet);
        run.prepareTraining(trainSet);
        double before;
        {
            torch::NoGradGuard g;
            run.method().setTraining(true);
            before = run.method().loss(batch).item<double>();
        }
        qInfo("examples + first loss at %.1f s", timer.elapsed() / 1000.0);
        const nlohmann::json metrics = run.trainAndSave([&](const train::Progress& p) {
            qInfo("step %d loss %.4f at %.1f s", p.step, p.trainLoss, timer.elapsed() / 1000.0);
        });
        double after, afterDecoderOnly;
        {
            torch::NoGradGuard g;
            run.method().setTraining(true);
            after = run.method().loss(batch).item<double>();
            run.method().setTraining(false);
            afterDecoderOnly = run.method().loss(batch).item<double>(); // evaluation leaves the sketch out
        }
        QVERIFY(afterDecoderOnly < after);
        qInfo("loss %.4f -> %.4f, test F1 %.3f", before, after, metrics["test"]["f1"].get<double>());
        QVERIFY2(after < before, (std::to_string(before) + " -> " + std::to_string(after)).c_str());
        QCOMPARE(metrics["train"]["stepsDone"].get<int>(), 4);
        QVERIFY(metrics["test"]["users"].get<int>() == 1);

        auto reopened = train::Run::open(c.outputDir);
        const auto again = reopened->examples(data::Split::Train, 2);
        std::vector<const methods::Example*> batch2;
        for (const auto& e : again)
            batch2.push_back(&e);
        torch::NoGradGuard g;
        QVERIFY(std::abs(reopened->method().loss(batch2).item<double>() - afterDecoderOnly) < 1e-4);

        const auto report = reopened->neighbours(run.dataset().users[trainSet[0].user].key, 5);
        QCOMPARE(report.tokens.size(), trainSet[0].positions.size() + std::size_t(c.sections.persoma.summaryTokens + c.sections.persoma.taskTokens));
        QCOMPARE(report.tokens[0].neighbours.size(), std::size_t(5));
        QVERIFY(!report.tokens[0].neighbours[0].token.empty());
    }
};

int main(int argc, char** argv)
{
    // CPU training on a shared machine can pass Qt Test's 5-minute default per function.
    if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "900000");
    TestPersomaReal test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_persoma_real.moc"
