// Tests core/train/memory_estimate against runtime::TensorMemoryMeter, which counts every tensor
// byte LibTorch allocates: one forward/backward pass of random decoders of several shapes, dtypes
// and training modes; the micro-batch suggestion of the check; and a run refused before training.
#include "core/common/error.h"
#include "core/methods/decoder_training.h"
#include "core/nn/llama_decoder.h"
#include "core/runtime/tensor_memory.h"
#include "core/train/memory_estimate.h"
#include "core/train/run.h"
#include "nn_test_util.h"
#include "tiny_configs.h"

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

using namespace persona;

namespace {

struct Shape {
    std::int64_t hidden, heads, kvHeads, intermediate, layers, vocab;
};

nn::LlamaConfig decoderConfig(const Shape& s)
{
    nn::LlamaConfig c;
    c.vocabSize = s.vocab;
    c.hidden = s.hidden;
    c.intermediate = s.intermediate;
    c.layers = s.layers;
    c.heads = s.heads;
    c.kvHeads = s.kvHeads;
    c.headDim = s.hidden / s.heads;
    c.maxPositions = 1024;
    return c;
}

// SmolLM2-135M's shape, for the check's arithmetic (no weights needed).
nn::LlamaConfig smolLm2()
{
    return decoderConfig({576, 9, 3, 1536, 30, 49152});
}

} // namespace

Q_DECLARE_METATYPE(methods::DecoderMode)

class TestMemoryEstimate : public QObject {
    Q_OBJECT

private slots:
    void passEstimateCoversTheCountedPeak_data()
    {
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("intermediate");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("sequences");
        QTest::addColumn<int>("seqLen");
        QTest::addColumn<int>("prefix");
        QTest::addColumn<bool>("bfloat16");
        QTest::addColumn<methods::DecoderMode>("mode");
        // Text prompting with LoRA (no prefix), PERSOMA-like soft prefixes with a frozen decoder,
        // grouped and plain attention, float32 and bfloat16, short and long sequences.
        QTest::newRow("lora-short") << 128 << 4 << 2 << 352 << 2 << 1 << 64 << 0 << false << methods::DecoderMode::Lora;
        QTest::newRow("lora-long-batch") << 128 << 4 << 2 << 352 << 2 << 2 << 320 << 0 << false << methods::DecoderMode::Lora;
        QTest::newRow("lora-mha") << 96 << 6 << 6 << 256 << 3 << 3 << 160 << 0 << false << methods::DecoderMode::Lora;
        // Many narrow heads over a long sequence: the saved attention probabilities dominate.
        QTest::newRow("lora-attention-bound") << 64 << 8 << 4 << 176 << 3 << 1 << 640 << 0 << false << methods::DecoderMode::Lora;
        QTest::newRow("frozen-prefix") << 128 << 4 << 2 << 352 << 2 << 4 << 96 << 24 << false << methods::DecoderMode::Frozen;
        QTest::newRow("lora-bf16") << 128 << 4 << 2 << 352 << 2 << 2 << 200 << 0 << true << methods::DecoderMode::Lora;
        QTest::newRow("full") << 128 << 4 << 2 << 352 << 2 << 2 << 128 << 0 << false << methods::DecoderMode::Full;
    }

    void passEstimateCoversTheCountedPeak()
    {
        QFETCH(int, hidden);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, intermediate);
        QFETCH(int, layers);
        QFETCH(int, sequences);
        QFETCH(int, seqLen);
        QFETCH(int, prefix);
        QFETCH(bool, bfloat16);
        QFETCH(methods::DecoderMode, mode);
        const nn::LlamaConfig c = decoderConfig({hidden, heads, kvHeads, intermediate, layers, 1000});
        torch::manual_seed(11);
        nn::LlamaDecoder decoder(c);
        methods::applyDecoderMode(*decoder, mode);
        const auto dtype = bfloat16 ? torch::kBFloat16 : torch::kFloat32;
        decoder->to(dtype);
        constexpr int target = 12;
        std::vector<methods::DecoderSequence> seqs;
        for (int s = 0; s < sequences; ++s) {
            methods::DecoderSequence q;
            if (prefix > 0)
                q.prefix = torch::randn({prefix, hidden}, torch::TensorOptions(dtype).requires_grad(true));
            // The last sequence is the longest: the batch pads to it, as the trainer's batches do.
            const int promptLen = seqLen - prefix - target - (sequences - 1 - s) * 7;
            for (int i = 0; i < promptLen; ++i)
                q.promptIds.push_back((i * 37 + s) % c.vocabSize);
            for (int i = 0; i < target; ++i)
                q.targetIds.push_back((i * 11 + 5) % c.vocabSize);
            seqs.push_back(q);
        }
        {
            // The cached fused weights are built by the first forward; the trainer's steps find them.
            torch::NoGradGuard noGrad;
            methods::targetLoss(*decoder, methods::buildDecoderBatch(*decoder, seqs));
        }
        std::int64_t counted = 0;
        {
            runtime::TensorMemoryMeter meter;
            const auto batch = methods::buildDecoderBatch(*decoder, seqs);
            QCOMPARE(batch.inputsEmbeds.size(1), std::int64_t(seqLen));
            methods::targetLoss(*decoder, batch).backward();
            counted = meter.peakBytes();
        }
        train::TrainingMemoryInput in;
        in.decoder = c;
        in.elementBytes = bfloat16 ? 2 : 4;
        in.batchSize = sequences;
        in.longestSequence = seqLen;
        in.longestTarget = target;
        in.decoderMode = mode;
        const train::TrainingMemoryEstimate e = train::estimateTrainingMemory(in);
        // A full fine-tuning pass also leaves every weight's gradient behind (the estimate counts
        // those with the optimiser's moments).
        std::int64_t estimate = e.passTensorBytes;
        if (mode == methods::DecoderMode::Full)
            for (const auto& p : decoder->parameters())
                estimate += p.numel() * p.element_size();
        const double ratio = static_cast<double>(estimate) / static_cast<double>(counted);
        qInfo("counted %lld bytes, estimated %lld: %.3fx", static_cast<long long>(counted),
              static_cast<long long>(estimate), ratio);
        // Never below what the pass holds (the check must not let a run through that cannot fit),
        // and not so far above that it refuses runs that fit.
        QVERIFY2(ratio >= 1.0 && ratio <= 1.6, qPrintable(QString("estimate/counted = %1").arg(ratio)));
    }

    void meterCountsAllocationsAndFrees()
    {
        runtime::TensorMemoryMeter meter;
        {
            const torch::Tensor a = torch::empty({1000}, torch::kFloat32);
            const torch::Tensor b = torch::empty({500}, torch::kFloat64);
            QCOMPARE(meter.currentBytes(), std::int64_t(8000));
        }
        QCOMPARE(meter.currentBytes(), std::int64_t(0));
        QCOMPARE(meter.peakBytes(), std::int64_t(8000));
        meter.resetPeak();
        QCOMPARE(meter.peakBytes(), std::int64_t(0));
    }

    void checkSuggestsTheLargestMicroBatchThatFits()
    {
        // Text prompting at history 50 on SmolLM2: 1,239 tokens a sequence, batch 4.
        train::TrainingMemoryInput in;
        in.decoder = smolLm2();
        in.batchSize = 4;
        in.longestSequence = 1239;
        in.longestTarget = 25;
        in.trainableParameters = 1221120;
        const auto whole = train::estimateTrainingMemory(in);
        in.microBatchSize = 2;
        const auto two = train::estimateTrainingMemory(in);
        in.microBatchSize = 1;
        const auto one = train::estimateTrainingMemory(in);
        in.microBatchSize = 0;
        QCOMPARE(whole.examplesPerPass, 4);
        QCOMPARE(one.examplesPerPass, 1);
        // Passes of one need about a quarter of the whole batch's pass (the optimiser state stays).
        QVERIFY(std::abs(4.0 * static_cast<double>(one.passTensorBytes) - static_cast<double>(whole.passTensorBytes)) <
                1e-9 * static_cast<double>(whole.passTensorBytes) + 1.0);
        QVERIFY(one.processBytes < two.processBytes && two.processBytes < whole.processBytes);

        // A limit between passes of two and the whole batch: the check names 2.
        const std::int64_t between = (two.processBytes + whole.processBytes) / 2;
        std::string message;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::checkTrainingMemory(in, between, "h50: train"); },
                                                   {"h50: train", "train.microBatchSize to 2", "4 sequence(s)",
                                                    "1239 tokens", "train.memoryLimitMiB"},
                                                   &message));
        // Between one and two: 1.
        QVERIFY(nn_test::throwsNaming<ConfigError>(
            [&] { train::checkTrainingMemory(in, (one.processBytes + two.processBytes) / 2, "h50"); },
            {"train.microBatchSize to 1"}));
        // Below one: no micro-batch helps.
        QVERIFY(nn_test::throwsNaming<ConfigError>(
            [&] { train::checkTrainingMemory(in, one.processBytes - 1, "h50"); }, {"data.historySize"}));
        // Enough for the whole batch, or already in passes that fit: no error.
        train::checkTrainingMemory(in, whole.processBytes, "h50");
        in.microBatchSize = 2;
        train::checkTrainingMemory(in, between, "h50");

        // Automatic passes (train.microBatchSize -1) pick the same sizes, whatever the input says.
        in.microBatchSize = -1;
        QCOMPARE(train::chooseMicroBatch(in, whole.processBytes, "h50"), 0);
        QCOMPARE(train::chooseMicroBatch(in, between, "h50"), 2);
        in.microBatchSize = 3;
        QCOMPARE(train::chooseMicroBatch(in, (one.processBytes + two.processBytes) / 2, "h50"), 1);
        QVERIFY(nn_test::throwsNaming<ConfigError>(
            [&] { train::chooseMicroBatch(in, one.processBytes - 1, "h50"); }, {"data.historySize"}));
    }

    void availableMemoryHonoursContainerLimits()
    {
        // A fake root: /proc/meminfo, then cgroup v2 and v1 limits, each tighter than the last.
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        auto write = [&](const std::string& rel, const std::string& text) {
            std::filesystem::create_directories((root / rel).parent_path());
            std::ofstream(root / rel) << text;
        };
        QVERIFY(!train::availableMemoryBytes(root.string()));
        write("proc/meminfo", "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:    8000000 kB\n");
        QCOMPARE(*train::availableMemoryBytes(root.string()), std::int64_t(8000000) * 1024);
        // cgroup v2 at the root, no limit: MemAvailable stands.
        write("sys/fs/cgroup/memory.max", "max\n");
        write("sys/fs/cgroup/memory.current", "3221225472\n");
        QCOMPARE(*train::availableMemoryBytes(root.string()), std::int64_t(8000000) * 1024);
        // A 4 GiB limit with 3 GiB used, 1 GiB of it inactive file pages: 2 GiB of room.
        write("sys/fs/cgroup/memory.max", "4294967296\n");
        write("sys/fs/cgroup/memory.stat", "anon 2147483648\nfile 1073741824\ninactive_file 1073741824\n");
        QCOMPARE(*train::availableMemoryBytes(root.string()), std::int64_t(2) << 30);
        // cgroup v1, the process's own memory cgroup: a 1 GiB limit with 512 MiB used.
        write("proc/self/cgroup", "5:cpu,cpuacct:/job\n4:memory:/job\n0::/\n");
        write("sys/fs/cgroup/memory/job/memory.limit_in_bytes", "1073741824\n");
        write("sys/fs/cgroup/memory/job/memory.usage_in_bytes", "536870912\n");
        QCOMPARE(*train::availableMemoryBytes(root.string()), std::int64_t(512) << 20);
        // The real system answers on Linux.
        const auto real = train::availableMemoryBytes();
        QVERIFY(real && *real > 0);
    }

    void runIsRefusedBeforeTraining()
    {
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString() + "/run";
        nlohmann::json j = testing::tinyPersomaJson("mem", out, 3, 0);
        j["train"]["batchSize"] = 4096; // millions of bytes a pass even on the tiny decoder
        j["train"]["memoryLimitMiB"] = 64;
        {
            train::Run run(train::RunConfig::fromJson(j));
            QVERIFY(nn_test::throwsNaming<ConfigError>([&] { run.trainAndSave(); },
                                                       {"mem: train", "train.microBatchSize to"}));
        }
        QVERIFY(!std::filesystem::exists(out)); // nothing trained, nothing written
        // Passes of one example fit in 64 MiB: the same run trains.
        j["train"]["microBatchSize"] = 1;
        j["train"]["batchSize"] = 4;
        train::Run run(train::RunConfig::fromJson(j));
        const auto metrics = run.trainAndSave();
        QCOMPARE(metrics["train"]["losses"].size(), std::size_t(3));
        // Automatic passes: the same too-large batch trains in passes that fit, and the run folder
        // records the size chosen.
        j["train"]["batchSize"] = 512;
        j["train"]["microBatchSize"] = -1;
        j["outputDir"] = out + "-auto";
        {
            train::Run autoRun(train::RunConfig::fromJson(j));
            QCOMPARE(autoRun.trainAndSave()["train"]["losses"].size(), std::size_t(3));
        }
        const auto saved = nlohmann::json::parse(std::ifstream(out + "-auto/config.json"));
        const int chosen = saved["train"]["microBatchSize"].get<int>();
        QVERIFY2(chosen >= 1 && chosen < 512, qPrintable(QString::number(chosen)));
        // -1 turns the check off; -2 is out of range.
        j["train"]["memoryLimitMiB"] = -2;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"train.memoryLimitMiB"}));
    }
};

QTEST_GUILESS_MAIN(TestMemoryEstimate)
#include "test_memory_estimate.moc"
