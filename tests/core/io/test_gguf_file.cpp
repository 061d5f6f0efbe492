// Tests core/io/gguf_file.cpp and gguf_writer.cpp: a file written by GgufWriter reads back with the
// same metadata and tensors; every kind of broken file fails with a FormatError naming the file.
#include "core/common/error.h"
#include "core/common/mapped_file.h"
#include "core/io/gguf_file.h"
#include "core/io/gguf_writer.h"

#include <QtTest/QtTest>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace persona::io;

namespace {

void saveBytes(const std::string& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

template <typename T>
void poke(std::vector<std::uint8_t>& bytes, std::size_t at, T value)
{
    QVERIFY(at + sizeof(T) <= bytes.size());
    std::memcpy(bytes.data() + at, &value, sizeof(T));
}

// Header layout of a writer file with no metadata: magic 4, version 4, tensor count 8, kv count 8,
// then the first tensor info: name length 8, name, n_dims 4, ne 8 * n_dims, type 4, offset 8.
constexpr std::size_t kFirstInfo = 24;

} // namespace

class TestGgufFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    // Opens `bytes` saved as `name` and expects a FormatError whose message names the file and
    // contains `needle`.
    void expectFormatError(const std::vector<std::uint8_t>& bytes, const char* name, const QString& needle)
    {
        const std::string p = path(name);
        saveBytes(p, bytes);
        try {
            GgufFile::open(p);
            QFAIL(qPrintable(QString("no error for %1").arg(name)));
        } catch (const persona::FormatError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(p)), qPrintable(message));
            QVERIFY2(message.contains(needle), qPrintable(message));
        }
    }

    static GgufWriter sampleWriter()
    {
        GgufWriter w;
        w.setString("general.architecture", "llama");
        w.set("t.u8", GgufValue::ofInteger(GgufValueType::UInt8, 255));
        w.set("t.i8", GgufValue::ofInteger(GgufValueType::Int8, -128));
        w.set("t.u16", GgufValue::ofInteger(GgufValueType::UInt16, 65535));
        w.set("t.i16", GgufValue::ofInteger(GgufValueType::Int16, -32768));
        w.setUInt32("t.u32", 4294967295u);
        w.set("t.i32", GgufValue::ofInteger(GgufValueType::Int32, -7));
        w.set("t.u64", GgufValue::ofUInt64(1ull << 50));
        w.set("t.i64", GgufValue::ofInteger(GgufValueType::Int64, -(1ll << 50)));
        w.setFloat32("t.f32", 1e-5f);
        w.set("t.f64", GgufValue::ofFloat64(100000.0));
        w.setBool("t.bool", false);
        w.set("t.strings", GgufValue::ofStrings({"<s>", "", "Ġhello"}));
        w.set("t.ints", GgufValue::ofIntegers(GgufValueType::Int32, {1, -1, 2}));
        w.set("t.floats", GgufValue::ofFloats({0.25f, -8.0f}));
        w.set("t.empty", GgufValue::ofArray(GgufValueType::String, {}));
        w.set("t.nested", GgufValue::ofArray(GgufValueType::Array,
                                             {GgufValue::ofStrings({"a", "b"}), GgufValue::ofStrings({"c"})}));
        w.addTensorF32("norm.weight", {3}, {1.0f, -2.0f, 0.5f});
        w.addTensorF16("embd.weight", {2, 3}, {0.5f, 1.0f, -1.5f, 2.0f, 65504.0f, 0.0f});
        w.addTensorBF16("bf.weight", {1, 1, 2}, {3.0f, -0.0078125f});
        return w;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTripsMetadataAndTensors()
    {
        const std::string p = path("sample.gguf");
        sampleWriter().write(p);
        const auto f = GgufFile::open(p);
        QCOMPARE(f->version(), 3u);
        QCOMPARE(f->alignment(), std::uint64_t{32});
        QCOMPARE(f->keys().size(), std::size_t{17});
        QCOMPARE(f->keys().front(), std::string("general.architecture"));
        QCOMPARE(*f->getString("general.architecture"), std::string("llama"));
        QCOMPARE(*f->getInt("t.u8"), std::int64_t{255});
        QCOMPARE(*f->getInt("t.i8"), std::int64_t{-128});
        QCOMPARE(*f->getInt("t.u16"), std::int64_t{65535});
        QCOMPARE(*f->getInt("t.i16"), std::int64_t{-32768});
        QCOMPARE(*f->getInt("t.u32"), std::int64_t{4294967295ll});
        QCOMPARE(*f->getInt("t.i32"), std::int64_t{-7});
        QCOMPARE(*f->getInt("t.u64"), std::int64_t{1ll << 50});
        QCOMPARE(*f->getInt("t.i64"), -(std::int64_t{1} << 50));
        QCOMPARE(*f->getFloat("t.f32"), double(1e-5f));
        QCOMPARE(*f->getFloat("t.f64"), 100000.0);
        QCOMPARE(*f->getBool("t.bool"), false);
        QCOMPARE(f->getStringArray("t.strings"), (std::vector<std::string>{"<s>", "", "Ġhello"}));
        QCOMPARE(f->getIntArray("t.ints"), (std::vector<std::int64_t>{1, -1, 2}));
        QCOMPARE(f->getFloatArray("t.floats"), (std::vector<double>{0.25, -8.0}));
        QVERIFY(f->getStringArray("t.empty").empty());
        const GgufValue* nested = f->value("t.nested");
        QVERIFY(nested);
        QCOMPARE(nested->items.size(), std::size_t{2});
        QCOMPARE(nested->items[0].items[1].text, std::string("b"));
        QCOMPARE(nested->items[1].items[0].text, std::string("c"));

        QVERIFY(!f->getString("absent").has_value());
        QVERIFY(f->getIntArray("absent").empty());
        QVERIFY(!f->hasKey("absent"));

        QCOMPARE(f->tensors().size(), std::size_t{3});
        const TensorInfo& embd = f->info("embd.weight");
        QCOMPARE(embd.shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(embd.dtype, std::string("F16"));
        QCOMPARE(embd.nbytes, std::uint64_t{12});
        QCOMPARE(embd.offset % 32, std::uint64_t{0});
        QCOMPARE(f->readF32("norm.weight"), (std::vector<float>{1.0f, -2.0f, 0.5f}));
        QCOMPARE(f->readF32("embd.weight"), (std::vector<float>{0.5f, 1.0f, -1.5f, 2.0f, 65504.0f, 0.0f}));
        QCOMPARE(f->info("bf.weight").shape, (std::vector<std::int64_t>{1, 1, 2}));
        QCOMPARE(f->readF32("bf.weight"), (std::vector<float>{3.0f, -0.0078125f}));
        QVERIFY(f->has("norm.weight"));
        QVERIFY(!f->has("output.weight"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->info("output.weight"));
    }

    void wrongTypeNamesFileAndKey()
    {
        const std::string p = path("types.gguf");
        sampleWriter().write(p);
        const auto f = GgufFile::open(p);
        try {
            f->getString("t.u32");
            QFAIL("no error");
        } catch (const persona::FormatError& e) {
            const QString m = e.what();
            QVERIFY2(m.contains(QString::fromStdString(p)) && m.contains("t.u32") && m.contains("uint32"),
                     qPrintable(m));
        }
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getInt("t.f32"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getFloat("t.u8"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getBool("t.u8"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getStringArray("t.ints"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getIntArray("t.strings"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, f->getFloatArray("general.architecture"));
    }

    void versionTwoAndCustomAlignment()
    {
        GgufWriter w(2);
        w.setAlignment(64);
        w.addTensorF32("a", {2}, {1.0f, 2.0f});
        w.addTensorF32("b", {3}, {3.0f, 4.0f, 5.0f});
        const std::string p = path("v2.gguf");
        w.write(p);
        const auto f = GgufFile::open(p);
        QCOMPARE(f->version(), 2u);
        QCOMPARE(f->alignment(), std::uint64_t{64});
        QCOMPARE(f->info("b").offset - f->info("a").offset, std::uint64_t{64});
        QCOMPARE(f->readF32("b"), (std::vector<float>{3.0f, 4.0f, 5.0f}));
    }

    void emptyAndMissingFiles()
    {
        expectFormatError({}, "empty.gguf", "magic");
        QVERIFY_THROWS_EXCEPTION(persona::IoError, GgufFile::open(path("does-not-exist.gguf")));
    }

    void everyTruncationFails()
    {
        GgufWriter w = sampleWriter();
        const std::vector<std::uint8_t> good = w.serialize();
        const std::string p = path("good.gguf");
        saveBytes(p, good);
        std::uint64_t end = 0;
        const auto file = GgufFile::open(p); // held: a range-for over open(p)->tensors() would read a freed file
        for (const auto& t : file->tensors())
            end = std::max(end, t.offset + t.nbytes);
        // Any cut before the end of the last tensor's data must fail cleanly, never crash. Every
        // byte of the fixed header, then a prime stride so cuts land in every kind of field.
        for (std::uint64_t cut = 0; cut < end; cut += cut < 64 ? 1 : 7) {
            std::vector<std::uint8_t> bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut));
            const std::string q = path("cut.gguf");
            saveBytes(q, bytes);
            try {
                GgufFile::open(q);
                QFAIL(qPrintable(QString("cut at %1 of %2 opened").arg(cut).arg(end)));
            } catch (const persona::FormatError& e) {
                QVERIFY2(QString(e.what()).contains(QString::fromStdString(q)), e.what());
            }
        }
        // Cutting only the padding after the last tensor is harmless.
        std::vector<std::uint8_t> trimmed(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(end));
        saveBytes(path("trimmed.gguf"), trimmed);
        QCOMPARE(GgufFile::open(path("trimmed.gguf"))->readF32("norm.weight").size(), std::size_t{3});
    }

    void badMagicAndVersion()
    {
        const auto good = sampleWriter().serialize();
        auto bytes = good;
        bytes[0] = 'X';
        expectFormatError(bytes, "magic.gguf", "bad magic");
        bytes = good;
        poke<std::uint32_t>(bytes, 4, 1);
        expectFormatError(bytes, "v1.gguf", "version 1");
        poke<std::uint32_t>(bytes, 4, 4);
        expectFormatError(bytes, "v4.gguf", "version 4");
        poke<std::uint32_t>(bytes, 4, 0x03000000u);
        expectFormatError(bytes, "be.gguf", "big-endian");
    }

    void absurdCounts()
    {
        const auto good = sampleWriter().serialize();
        auto bytes = good;
        poke<std::uint64_t>(bytes, 8, 1ull << 60);
        expectFormatError(bytes, "tensors.gguf", "tensor count");
        bytes = good;
        poke<std::uint64_t>(bytes, 16, 1ull << 60);
        expectFormatError(bytes, "kvs.gguf", "metadata count");
        bytes = good;
        poke<std::uint64_t>(bytes, 24, 1ull << 62); // length of the first key
        expectFormatError(bytes, "keylen.gguf", "byte offset 24");

        GgufWriter w;
        w.set("a", GgufValue::ofStrings({"x", "y"}));
        auto arr = w.serialize();
        // key length 8 + "a" + value type 4 + element type 4, then the count
        const std::size_t countAt = 24 + 8 + 1 + 4 + 4;
        QCOMPARE(arr[countAt], std::uint8_t{2});
        poke<std::uint64_t>(arr, countAt, 1ull << 40);
        expectFormatError(arr, "arraycount.gguf", "array of 1099511627776 string");
        arr = w.serialize();
        poke<std::uint64_t>(arr, countAt + 8, 1ull << 50); // length of the first string item
        expectFormatError(arr, "stringlen.gguf", "length");
        arr = w.serialize();
        poke<std::uint32_t>(arr, countAt - 4, 77); // element type
        expectFormatError(arr, "elemtype.gguf", "unknown array element type 77");
        arr = w.serialize();
        poke<std::uint32_t>(arr, countAt - 8, 13); // value type
        expectFormatError(arr, "valuetype.gguf", "unknown value type 13");
    }

    void badTensorInfos()
    {
        GgufWriter w;
        w.addTensorF32("w", {2, 3}, {1, 2, 3, 4, 5, 6});
        const auto good = w.serialize();
        const std::size_t dimsAt = kFirstInfo + 8 + 1;
        const std::size_t typeAt = dimsAt + 4 + 2 * 8;
        const std::size_t offsetAt = typeAt + 4;
        QCOMPARE(good[dimsAt], std::uint8_t{2});

        auto bytes = good;
        poke<std::uint32_t>(bytes, dimsAt, 5);
        expectFormatError(bytes, "ndims.gguf", "5 dimensions");
        bytes = good;
        poke<std::uint32_t>(bytes, typeAt, 99);
        expectFormatError(bytes, "type.gguf", "tensor 'w' has unknown type id 99");
        bytes = good;
        poke<std::uint64_t>(bytes, offsetAt, 1ull << 40);
        expectFormatError(bytes, "offset.gguf", "tensor 'w' data");
        bytes = good;
        poke<std::uint64_t>(bytes, offsetAt, 4);
        expectFormatError(bytes, "misaligned.gguf", "alignment");
        bytes = good;
        poke<std::int64_t>(bytes, dimsAt + 4, -3);
        expectFormatError(bytes, "negative.gguf", "negative dimension");
        bytes = good;
        poke<std::int64_t>(bytes, dimsAt + 4, 1ll << 40);
        poke<std::int64_t>(bytes, dimsAt + 12, 1ll << 40);
        expectFormatError(bytes, "overflow.gguf", "64 bits");
        bytes = good;
        poke<std::int64_t>(bytes, dimsAt + 4, 1ll << 30); // a huge but representable tensor
        expectFormatError(bytes, "huge.gguf", "lies outside");
        bytes = good;
        poke<std::uint32_t>(bytes, typeAt, 8); // Q8_0 needs rows that are multiples of 32
        expectFormatError(bytes, "block.gguf", "block size");
    }

    void badMetadataValues()
    {
        GgufWriter w;
        w.setUInt32("general.alignment", 48);
        expectFormatError(w.serialize(), "align.gguf", "power of two");
        GgufWriter w2;
        w2.setString("general.alignment", "32");
        expectFormatError(w2.serialize(), "aligntype.gguf", "general.alignment");
        GgufWriter w3;
        w3.setBool("b", true);
        auto bytes = w3.serialize();
        bytes[24 + 8 + 1 + 4] = 2; // the value after key length, key "b" and value type
        expectFormatError(bytes, "bool.gguf", "bool value 2");
        GgufWriter w4;
        w4.setString("k", "1");
        w4.setString("l", "2");
        bytes = w4.serialize();
        bytes[24 + 8] = 'l'; // rename "k" to "l": a duplicate key
        expectFormatError(bytes, "dup.gguf", "duplicate metadata key 'l'");
        // Arrays nested deeper than the reader allows.
        GgufValue v = GgufValue::ofStrings({"x"});
        for (int i = 0; i < 10; ++i)
            v = GgufValue::ofArray(GgufValueType::Array, {v});
        GgufWriter w5;
        w5.set("deep", v);
        expectFormatError(w5.serialize(), "deep.gguf", "nested");
    }

    void unsupportedTypeFailsOnRead()
    {
        GgufWriter w;
        w.addTensorRaw("blk.0.ffn_up.weight", {1, 256}, GgmlType::IQ2_XXS, std::vector<std::uint8_t>(66, 0));
        const std::string p = path("iq.gguf");
        w.write(p);
        const auto f = GgufFile::open(p);
        QCOMPARE(f->info("blk.0.ffn_up.weight").dtype, std::string("IQ2_XXS"));
        try {
            f->readF32("blk.0.ffn_up.weight");
            QFAIL("no error");
        } catch (const persona::FormatError& e) {
            const QString m = e.what();
            QVERIFY2(m.contains(QString::fromStdString(p)) && m.contains("blk.0.ffn_up.weight")
                         && m.contains("IQ2_XXS"),
                     qPrintable(m));
        }
    }

    // A model over the copy limit is memory-mapped; another program truncating it before its
    // tensors are read gives an IoError naming the file (it was a SIGBUS that ended the process).
    void truncatedWhileMappedIsAnIoError()
    {
        const std::string p = path("large.gguf");
        GgufWriter w;
        w.setString("general.architecture", "llama");
        std::vector<float> values(64 * 1024);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = static_cast<float>(i % 97) - 48.0f;
        w.addTensorF32("big.weight", {static_cast<std::int64_t>(values.size())}, values);
        w.write(p);
        // Sparse zeros after the tensors make it larger than the copy limit (no disk used).
        std::filesystem::resize_file(p, persona::MappedFile::kCopyLimit + 4096);
        auto f = GgufFile::open(p);
        QCOMPARE(f->readF32("big.weight"), values);
        std::filesystem::resize_file(p, 8192); // the tensor's later pages are gone
        try {
            (void)f->readF32("big.weight");
            QFAIL("no error for a model truncated while mapped");
        } catch (const persona::IoError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(p)), e.what());
            QVERIFY2(message.contains("changed while it was read"), e.what());
        }
    }

    void writerRejectsBadInput()
    {
        GgufWriter w;
        QVERIFY_THROWS_EXCEPTION(persona::ShapeError, w.addTensorF32("a", {2, 2}, {1, 2, 3}));
        QVERIFY_THROWS_EXCEPTION(persona::ShapeError, w.addTensorF32("a", {1, 1, 1, 1, 1}, {1}));
        QVERIFY_THROWS_EXCEPTION(persona::ShapeError,
                                 w.addTensorRaw("q", {1, 32}, GgmlType::Q8_0, std::vector<std::uint8_t>(33)));
        w.addTensorF32("a", {1}, {1});
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, w.addTensorF32("a", {1}, {1}));
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, w.setAlignment(24));
    }
};

QTEST_APPLESS_MAIN(TestGgufFile)
#include "test_gguf_file.moc"
