// Tests core/io/dequantize.cpp and half.h against gguf-py: tests/data/io/quant_blocks.gguf (written by
// gguf-py's GGUFWriter via tools/make_quant_fixtures.py) holds random blocks of each type ("q.<TYPE>")
// and gguf.quants.dequantize of them ("ref.<TYPE>"). Also reads that file's metadata of every type.
#include "core/common/error.h"
#include "core/common/half.h"
#include "core/io/dequantize.h"
#include "core/io/gguf_file.h"
#include "core/io/gguf_writer.h"

#include <QtTest/QtTest>

#include <cmath>
#include <cstring>

using namespace persona::io;

class TestDequantize : public QObject {
    Q_OBJECT

    std::unique_ptr<GgufFile> m_file;

private slots:
    void initTestCase()
    {
        m_file = GgufFile::open(PERSONA_TEST_DATA "/io/quant_blocks.gguf");
    }

    void matchesGgufPy_data()
    {
        QTest::addColumn<QString>("type");
        for (const char* t : {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K",
                              "Q4_K", "Q5_K", "Q6_K"})
            QTest::newRow(t) << QString(t);
    }

    void matchesGgufPy()
    {
        QFETCH(QString, type);
        const std::string q = "q." + type.toStdString();
        const std::string ref = "ref." + type.toStdString();
        QCOMPARE(m_file->info(q).dtype, type.toStdString());
        QCOMPARE(m_file->info(q).shape, m_file->info(ref).shape);
        const std::vector<float> got = m_file->readF32(q);
        const std::vector<float> want = m_file->readF32(ref);
        QCOMPARE(got.size(), want.size());
        QVERIFY(got.size() >= 128);
        for (std::size_t i = 0; i < got.size(); ++i) {
            // Same operations in the same order as the reference: results must be bit-identical.
            if (std::memcmp(&got[i], &want[i], sizeof(float)) != 0)
                QFAIL(qPrintable(QString("%1 element %2: got %3, gguf-py %4")
                                     .arg(type).arg(i).arg(double(got[i]), 0, 'g', 9).arg(double(want[i]), 0, 'g', 9)));
        }
    }

    void readsMetadataWrittenByGgufPy()
    {
        const GgufFile& f = *m_file;
        QCOMPARE(f.version(), 3u);
        QCOMPARE(*f.getString("general.architecture"), std::string("fixture"));
        QCOMPARE(*f.getInt("fixture.u8"), std::int64_t{200});
        QCOMPARE(*f.getInt("fixture.i8"), std::int64_t{-100});
        QCOMPARE(*f.getInt("fixture.u16"), std::int64_t{60000});
        QCOMPARE(*f.getInt("fixture.i16"), std::int64_t{-30000});
        QCOMPARE(*f.getInt("fixture.u32"), std::int64_t{4000000000ll});
        QCOMPARE(*f.getInt("fixture.i32"), std::int64_t{-2000000000});
        QCOMPARE(*f.getInt("fixture.u64"), std::int64_t{(1ll << 40) + 3});
        QCOMPARE(*f.getInt("fixture.i64"), std::int64_t{-(1ll << 40) - 5});
        QCOMPARE(*f.getFloat("fixture.f32"), 0.15625);
        QCOMPARE(*f.getFloat("fixture.f64"), -1e-300);
        QCOMPARE(*f.getBool("fixture.bool"), true);
        QCOMPARE(*f.getString("fixture.string"), std::string("h\xc3\xa9llo \xe2\x9c\x93"));
        QCOMPARE(f.getStringArray("fixture.strings"), (std::vector<std::string>{"a", "", "ccc"}));
        QCOMPARE(f.getIntArray("fixture.ints"), (std::vector<std::int64_t>{1, -2, 3}));
        QCOMPARE(f.getFloatArray("fixture.floats"), (std::vector<double>{0.5, -2.25}));
        const GgufValue* nested = f.value("fixture.nested");
        QVERIFY(nested && nested->elementType == GgufValueType::Array);
        QCOMPARE(nested->items.size(), std::size_t{2});
        QCOMPARE(nested->items[0].items.size(), std::size_t{2});
        QCOMPARE(nested->items[1].items[0].asInt64(), std::int64_t{3});
    }

    void q8KByHand()
    {
        // gguf-py has no Q8_K dequantizer: y = d * q with a float32 d.
        std::vector<std::uint8_t> block(292, 0);
        const float d = 0.03125f;
        std::memcpy(block.data(), &d, 4);
        for (int i = 0; i < 256; ++i)
            block[4 + i] = static_cast<std::uint8_t>(static_cast<std::int8_t>(i - 128));
        std::vector<float> out(256);
        dequantize(GgmlType::Q8_K, block.data(), out.data(), 256);
        for (int i = 0; i < 256; ++i)
            QCOMPARE(out[i], d * static_cast<float>(i - 128));
    }

    void halfRoundTripsEveryValue()
    {
        for (std::uint32_t h = 0; h < 65536; ++h) {
            const float f = persona::fp16ToFloat(static_cast<std::uint16_t>(h));
            if (std::isnan(f)) {
                QVERIFY(std::isnan(persona::fp16ToFloat(persona::floatToFp16(f))));
                continue;
            }
            if (persona::floatToFp16(f) != h)
                QFAIL(qPrintable(QString("fp16 0x%1 -> %2 -> 0x%3").arg(h, 4, 16).arg(double(f))
                                     .arg(persona::floatToFp16(f), 4, 16)));
        }
        QCOMPARE(persona::fp16ToFloat(0x3C00), 1.0f);
        QCOMPARE(persona::fp16ToFloat(0x0001), 5.9604644775390625e-08f);
        QCOMPARE(persona::floatToFp16(65520.0f), std::uint16_t{0x7C00}); // rounds up to infinity
        QCOMPARE(persona::floatToFp16(65519.0f), std::uint16_t{0x7BFF});
        QCOMPARE(persona::floatToFp16(1.0f + 1.0f / 2048), std::uint16_t{0x3C00}); // tie to even
        QCOMPARE(persona::floatToFp16(1.0f + 3.0f / 2048), std::uint16_t{0x3C02});
        QCOMPARE(persona::floatToFp16(1e-8f), std::uint16_t{0});
        QCOMPARE(persona::floatToBf16(1.0f + 1.0f / 256), std::uint16_t{0x3F80}); // tie to even
        QCOMPARE(persona::floatToBf16(1.0f + 3.0f / 256), std::uint16_t{0x3F82});
        QCOMPARE(persona::bf16ToFloat(0xC040), -3.0f);
    }

    void canDequantizeListsTypes()
    {
        QVERIFY(canDequantize(GgmlType::Q4_K));
        QVERIFY(canDequantize(GgmlType::Q8_K));
        QVERIFY(!canDequantize(GgmlType::IQ2_XXS));
        QVERIFY(!canDequantize(GgmlType::I32));
        QCOMPARE(std::string(ggmlTypeName(GgmlType::Q6_K)), std::string("Q6_K"));
        QCOMPARE(*ggmlTypeFromName("Q5_1"), GgmlType::Q5_1);
        QCOMPARE(*ggmlByteSize(GgmlType::Q4_1, 64), std::uint64_t{40});
        QVERIFY(!ggmlByteSize(GgmlType::Q4_1, 33).has_value());
    }
};

QTEST_APPLESS_MAIN(TestDequantize)
#include "test_dequantize.moc"
