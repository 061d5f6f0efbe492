// Tests core/nn/packed_linear: a float32 weight dequantized from GGUF blocks is recognised as its
// block type (gguf-py's blocks in tests/data/io/quant_blocks.gguf and ggml-style blocks made here,
// dequantized by io::dequantize, itself checked against gguf-py), anything else is refused; the
// packed products of every kernel this CPU runs equal BLAS on the dequantized weight; the slot
// notices a changed weight; bfloat16 weights; tracked gradients stay on the dense path.
#include "core/common/half.h"
#include "core/io/dequantize.h"
#include "core/io/gguf_file.h"
#include "core/nn/lora_linear.h"
#include "core/nn/packed_linear.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

#include <cstring>
#include <random>

using namespace persona;

namespace {

torch::Tensor tensorOf(const std::vector<float>& values, std::int64_t rows, std::int64_t cols)
{
    return torch::from_blob(const_cast<float*>(values.data()), {rows, cols}, torch::kFloat32).clone();
}

// ggml-style blocks of `type` with random codes and fp16 scales of both signs (as ggml's own
// quantizer and gguf-py write them, and as random ones are), dequantized by io::dequantize.
torch::Tensor quantizedMatrix(io::GgmlType type, std::int64_t rows, std::int64_t cols, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_real_distribution<float> logMag(std::log(1e-4f), 0.0f);
    const std::int64_t nb = rows * cols / 32;
    const int size = type == io::GgmlType::Q8_0 ? 34 : type == io::GgmlType::Q4_1 ? 20 : 18;
    std::vector<std::uint8_t> raw(static_cast<std::size_t>(nb * size));
    for (std::int64_t b = 0; b < nb; ++b) {
        std::uint8_t* block = raw.data() + b * size;
        for (int i = 0; i < size; ++i)
            block[i] = static_cast<std::uint8_t>(byte(rng));
        const int halves = type == io::GgmlType::Q4_1 ? 2 : 1;
        for (int h = 0; h < halves; ++h) {
            const float v = std::exp(logMag(rng)) * (byte(rng) < 128 ? -1.0f : 1.0f);
            const std::uint16_t half = floatToFp16(v);
            std::memcpy(block + 2 * h, &half, 2);
        }
    }
    std::vector<float> values(static_cast<std::size_t>(rows * cols));
    io::dequantize(type, raw.data(), values.data(), rows * cols);
    return tensorOf(values, rows, cols);
}

std::vector<std::string> isasHere()
{
    std::vector<std::string> isas;
    const std::string best = nn::packedKernelIsa();
    for (const char* name : {"scalar", "avx2", "avx512"}) {
        isas.push_back(name);
        if (best == name)
            break;
    }
    return isas;
}

double relativeError(const torch::Tensor& got, const torch::Tensor& want)
{
    return (got - want).abs().max().item<double>() / std::max(1e-12, want.abs().max().item<double>());
}

} // namespace

class TestPackedLinear : public QObject {
    Q_OBJECT

private slots:
    void init() { torch::manual_seed(11); }
    void cleanup()
    {
        nn::setPackedKernelIsa(isasHere().back());
        nn::setPackedRowLimit(8);
    }

    void recognisesGgufPyBlocks_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("kind");
        // Q4_0 blocks are also Q4_1 blocks (m = -8 d) when the sums round alike; Q4_0 is tried first.
        QTest::newRow("Q4_0") << "Q4_0" << "Q4_0";
        QTest::newRow("Q4_1") << "Q4_1" << "Q4_1";
        QTest::newRow("Q8_0") << "Q8_0" << "Q8_0";
    }

    void recognisesGgufPyBlocks()
    {
        QFETCH(QString, type);
        QFETCH(QString, kind);
        auto file = io::GgufFile::open(PERSONA_TEST_DATA "/io/quant_blocks.gguf");
        const std::string ref = "ref." + type.toStdString();
        const auto& info = file->info(ref);
        const torch::Tensor w = tensorOf(file->readF32(ref), info.shape[0], info.shape[1]);
        auto packed = nn::PackedWeight::fromExact(w);
        QVERIFY(packed);
        QCOMPARE(packed->typeName(), kind.toStdString());
        QCOMPARE(packed->rows(), w.size(0));
        QCOMPARE(packed->cols(), w.size(1));
        const torch::Tensor x = torch::randn({3, w.size(1)});
        torch::Tensor y = torch::empty({3, w.size(0)});
        packed->multiply(x.data_ptr<float>(), 3, y.data_ptr<float>());
        QVERIFY(relativeError(y, torch::matmul(x, w.t())) < 1e-5);
    }

    void refusesWhatIsNotExact()
    {
        auto file = io::GgufFile::open(PERSONA_TEST_DATA "/io/quant_blocks.gguf");
        for (const char* type : {"Q4_0", "Q4_1", "Q8_0"}) {
            const std::string ref = std::string("ref.") + type;
            const auto& info = file->info(ref);
            torch::Tensor w = tensorOf(file->readF32(ref), info.shape[0], info.shape[1]);
            // One element one float32 step away from its block's grid.
            float* data = w.data_ptr<float>();
            data[37] = std::nextafter(data[37], 1e9f);
            QVERIFY2(!nn::PackedWeight::fromExact(w), type);
        }
        QVERIFY(!nn::PackedWeight::fromExact(torch::randn({8, 64})));               // never quantized
        QVERIFY(!nn::PackedWeight::fromExact(torch::zeros({4, 48})));               // columns not whole blocks
        QVERIFY(!nn::PackedWeight::fromExact(quantizedMatrix(io::GgmlType::Q8_0, 4, 64, 1).to(torch::kFloat64)));
        // Scaled off the grid of its blocks.
        QVERIFY(!nn::PackedWeight::fromExact(quantizedMatrix(io::GgmlType::Q4_1, 4, 64, 2) * 1.001f));
    }

    void everyKernelMatchesBlas_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("name");
        QTest::newRow("Q4_0") << static_cast<int>(io::GgmlType::Q4_0) << "Q4_0";
        QTest::newRow("Q4_1") << static_cast<int>(io::GgmlType::Q4_1) << "Q4_1";
        QTest::newRow("Q8_0") << static_cast<int>(io::GgmlType::Q8_0) << "Q8_0";
    }

    void everyKernelMatchesBlas()
    {
        QFETCH(int, type);
        QFETCH(QString, name);
        const torch::Tensor w = quantizedMatrix(static_cast<io::GgmlType>(type), 72, 256, 5);
        auto packed = nn::PackedWeight::fromExact(w);
        QVERIFY(packed);
        QCOMPARE(packed->typeName(), name.toStdString());
        for (const std::string& isa : isasHere()) {
            QVERIFY(nn::setPackedKernelIsa(isa));
            for (std::int64_t m : {1, 2, 3, 4, 5, 8, 9, 17}) {
                const torch::Tensor x = torch::randn({m, 256});
                torch::Tensor y = torch::empty({m, 72});
                packed->multiply(x.data_ptr<float>(), m, y.data_ptr<float>());
                const double err = relativeError(y, torch::matmul(x, w.t()));
                QVERIFY2(err < 1e-5, qPrintable(QString("%1 rows on %2: relative error %3").arg(m).arg(QString::fromStdString(isa)).arg(err)));
            }
        }
    }

    void decodeLinearUsesAndRefreshesItsSlot()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor w = quantizedMatrix(io::GgmlType::Q4_1, 40, 64, 9);
        nn::PackedSlot slot;
        const torch::Tensor x = torch::randn({2, 1, 64});
        torch::Tensor y = nn::decodeLinear(x, w, slot);
        QVERIFY(slot.packed);
        QCOMPARE(slot.packed->typeName(), std::string("Q4_1"));
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 1, 40}));
        QVERIFY(relativeError(y, torch::matmul(x, w.t())) < 1e-5);

        // Edited in place (as an optimizer step would): looked at again, no longer a block type.
        w.mul_(1.001f);
        y = nn::decodeLinear(x, w, slot);
        QVERIFY(!slot.packed);
        QVERIFY(relativeError(y, torch::matmul(x, w.t())) < 1e-6);

        // Another tensor with the same values: packed again, for that tensor.
        torch::Tensor w2 = quantizedMatrix(io::GgmlType::Q8_0, 40, 64, 10);
        y = nn::decodeLinear(x, w2, slot);
        QVERIFY(slot.packed);
        QCOMPARE(slot.packed->typeName(), std::string("Q8_0"));
        QVERIFY(relativeError(y, torch::matmul(x, w2.t())) < 1e-5);

        // More rows than the limit, or the kernels off: BLAS, same values.
        const torch::Tensor many = torch::randn({17, 64});
        QVERIFY(relativeError(nn::decodeLinear(many, w2, slot), torch::matmul(many, w2.t())) < 1e-5);
        nn::setPackedRowLimit(0);
        QVERIFY(torch::equal(nn::decodeLinear(x, w2, slot), nn::denseLinear(x, w2)));
    }

    void trackedGradientsStayDense()
    {
        const torch::Tensor w = quantizedMatrix(io::GgmlType::Q8_0, 16, 64, 3);
        nn::PackedSlot slot;
        torch::Tensor x = torch::randn({1, 64}, torch::requires_grad());
        torch::Tensor y = nn::decodeLinear(x, w, slot);
        QVERIFY(y.requires_grad());
        QVERIFY(!slot.packed && !slot.data); // never looked at
        y.sum().backward();
        QVERIFY(nn_test::maxAbsDiff(x.grad(), w.sum(0).view({1, 64})) < 1e-5);
    }

    void bfloat16WeightsWithFloatSums()
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor w = torch::randn({50, 200}).to(torch::kBFloat16); // 200: not a multiple of 16
        nn::PackedSlot slot;
        for (const std::string& isa : isasHere()) {
            QVERIFY(nn::setPackedKernelIsa(isa));
            for (std::int64_t m : {1, 3, 6}) {
                const torch::Tensor x = torch::randn({m, 200}).to(torch::kBFloat16);
                const torch::Tensor y = nn::decodeLinear(x, w, slot);
                QCOMPARE(y.scalar_type(), torch::kBFloat16);
                // float32 sums of the same bfloat16 products, rounded once to bfloat16.
                const torch::Tensor want = torch::matmul(x.to(torch::kFloat32), w.to(torch::kFloat32).t());
                const double err = (y.to(torch::kFloat32) - want).abs().max().item<double>();
                QVERIFY2(err <= want.abs().max().item<double>() / 128.0,
                         qPrintable(QString("%1 rows on %2: error %3").arg(m).arg(QString::fromStdString(isa)).arg(err)));
            }
        }
    }

    void bfloat16WeightsUseTheirFileBlocks()
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor w = quantizedMatrix(io::GgmlType::Q4_1, 24, 64, 21);
        const auto blocks = nn::PackedWeight::fromExact(w);
        QVERIFY(blocks);
        torch::Tensor wb = w.to(torch::kBFloat16);
        QVERIFY(blocks->roundsTo(wb));
        QVERIFY(!blocks->roundsTo(w));                                     // float32: not a rounding
        QVERIFY(!blocks->roundsTo(wb.narrow(0, 0, 12).contiguous()));      // other shape

        nn::PackedSlot slot;
        slot.fileBlocks = blocks;
        const torch::Tensor x = torch::randn({2, 1, 64}).to(torch::kBFloat16);
        torch::Tensor y = nn::decodeLinear(x, wb, slot);
        QCOMPARE(slot.route, std::string("Q4_1"));
        QCOMPARE(y.scalar_type(), torch::kBFloat16);
        // The file's float32 values times the bfloat16 input, summed in float32, rounded once.
        const torch::Tensor want = torch::matmul(x.to(torch::kFloat32), w.t());
        QVERIFY(nn_test::maxAbsDiff(y.to(torch::kFloat32), want) <= want.abs().max().item<double>() / 128.0);

        // Edited in place: no longer the blocks' rounding, the bfloat16 kernel takes over.
        wb.mul_(2.0);
        y = nn::decodeLinear(x, wb, slot);
        QCOMPARE(slot.route, std::string("bfloat16"));
        QVERIFY(!slot.packed);

        // Rows stacked from two parts are the blocks of the whole.
        const auto top = nn::PackedWeight::fromExact(w.narrow(0, 0, 10));
        const auto bottom = nn::PackedWeight::fromExact(w.narrow(0, 10, 14));
        const auto stacked = nn::PackedWeight::stackRows({top, bottom});
        QVERIFY(stacked);
        QCOMPARE(stacked->rows(), std::int64_t{24});
        const torch::Tensor xf = torch::randn({3, 64});
        torch::Tensor a = torch::empty({3, 24}), b = torch::empty({3, 24});
        stacked->multiply(xf.data_ptr<float>(), 3, a.data_ptr<float>());
        blocks->multiply(xf.data_ptr<float>(), 3, b.data_ptr<float>());
        QVERIFY(torch::equal(a, b));
        QVERIFY(!nn::PackedWeight::stackRows({top, nullptr}));
        QVERIFY(!nn::PackedWeight::stackRows({top, nn::PackedWeight::fromExact(quantizedMatrix(io::GgmlType::Q8_0, 4, 64, 2))}));
    }

    void unknownIsaIsRefused()
    {
        QVERIFY(!nn::setPackedKernelIsa("neon"));
        QCOMPARE(nn::packedKernelIsa(), isasHere().back());
    }
};

QTEST_APPLESS_MAIN(TestPackedLinear)
#include "test_packed_linear.moc"
