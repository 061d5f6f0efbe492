// Tests core/io/safetensors_file.cpp and safetensors_writer.cpp: writer round trip, a file written
// by the reference safetensors package (tests/data/io/tiny.safetensors, made by
// tools/make_safetensors_fixtures.py), sharded folders, and a clean FormatError for each broken header.
#include "core/common/error.h"
#include "core/io/safetensors_file.h"
#include "core/io/safetensors_writer.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

using namespace persona::io;

namespace {

void saveText(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A safetensors file with a hand-written header and `dataBytes` zero bytes of data.
std::string rawFile(const std::string& header, std::size_t dataBytes, std::uint64_t declaredLength = 0)
{
    const std::uint64_t len = declaredLength ? declaredLength : header.size();
    std::string out(8, '\0');
    std::memcpy(out.data(), &len, 8);
    return out + header + std::string(dataBytes, '\0');
}

} // namespace

class TestSafetensorsFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

    void expectFormatError(const std::string& p, const QString& needle)
    {
        try {
            openSafetensors(p);
            QFAIL(qPrintable(QString("no error for %1").arg(QString::fromStdString(p))));
        } catch (const persona::FormatError& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains(QString::fromStdString(p)), qPrintable(m));
            QVERIFY2(m.contains(needle), qPrintable(m));
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void writerRoundTrip()
    {
        SafetensorsWriter w;
        w.add("a.weight", {2, 3}, std::vector<float>{1, 2, 3, 4, 5, -6});
        w.add("a.bias", {3}, std::vector<float>{0.5f, -0.25f, 1000.0f}, "F16");
        w.add("b", {2}, std::vector<float>{3.0f, -0.0078125f}, "BF16");
        w.add("empty", {0, 4}, std::vector<float>{});
        w.setMetadata("format", "pt");
        const std::string p = path("rt.safetensors");
        w.write(p);
        // An existing file is replaced as a whole.
        w.write(p);
        const auto src = openSafetensors(p);
        QCOMPARE(src->path(), p);
        QCOMPARE(src->tensors().size(), std::size_t{4});
        QCOMPARE(src->tensors()[0].name, std::string("a.weight"));
        QCOMPARE(src->info("a.weight").shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(src->info("a.bias").dtype, std::string("F16"));
        QCOMPARE(src->readF32("a.weight"), (std::vector<float>{1, 2, 3, 4, 5, -6}));
        QCOMPARE(src->readF32("a.bias"), (std::vector<float>{0.5f, -0.25f, 1000.0f}));
        QCOMPARE(src->readF32("b"), (std::vector<float>{3.0f, -0.0078125f}));
        QVERIFY(src->readF32("empty").empty());
        QVERIFY(!src->has("__metadata__"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, src->info("missing"));
        // No temporary file is left behind.
        QCOMPARE(QDir(m_dir.path()).entryList({"rt.safetensors*"}, QDir::Files).size(), 1);
    }

    void writerRejectsBadInput()
    {
        SafetensorsWriter w;
        QVERIFY_THROWS_EXCEPTION(persona::ShapeError, w.add("a", {2, 2}, std::vector<float>{1, 2, 3}));
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, w.add("a", {1}, std::vector<float>{1}, "I64"));
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, w.add("__metadata__", {1}, std::vector<float>{1}));
        w.add("a", {1}, std::vector<float>{1});
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, w.add("a", {1}, std::vector<float>{1}));
        QVERIFY_THROWS_EXCEPTION(persona::IoError, w.write(path("no/such/folder/x.safetensors")));
    }

    void readsReferenceFile()
    {
        const auto src = openSafetensors(PERSONA_TEST_DATA "/io/tiny.safetensors");
        std::ifstream in(PERSONA_TEST_DATA "/io/tiny_safetensors.json");
        const auto expected = nlohmann::json::parse(in);
        QCOMPARE(src->tensors().size(), expected.size());
        for (const auto& [name, e] : expected.items()) {
            const TensorInfo& info = src->info(name);
            QCOMPARE(info.dtype, e["dtype"].get<std::string>());
            QCOMPARE(info.shape, e["shape"].get<std::vector<std::int64_t>>());
            const auto want = e["values"].get<std::vector<double>>();
            const std::vector<float> got = src->readF32(name);
            QCOMPARE(got.size(), want.size());
            for (std::size_t i = 0; i < got.size(); ++i)
                QCOMPARE(got[i], static_cast<float>(want[i]));
        }
    }

    void readsFolderAndShards()
    {
        QVERIFY(QDir(m_dir.path()).mkpath("single"));
        SafetensorsWriter one;
        one.add("x", {2}, std::vector<float>{1, 2});
        one.write(path("single/model.safetensors"));
        QCOMPARE(openSafetensors(path("single"))->readF32("x"), (std::vector<float>{1, 2}));

        QVERIFY(QDir(m_dir.path()).mkpath("sharded"));
        SafetensorsWriter s1, s2;
        s1.add("layer.0.w", {2}, std::vector<float>{1, 2});
        s2.add("layer.1.w", {3}, std::vector<float>{3, 4, 5}, "BF16");
        s1.write(path("sharded/model-00001-of-00002.safetensors"));
        s2.write(path("sharded/model-00002-of-00002.safetensors"));
        saveText(path("sharded/model.safetensors.index.json"),
                 R"({"metadata": {"total_size": 14}, "weight_map": {)"
                 R"("layer.0.w": "model-00001-of-00002.safetensors", "layer.1.w": "model-00002-of-00002.safetensors"}})");
        const auto src = openSafetensors(path("sharded"));
        QCOMPARE(src->tensors().size(), std::size_t{2});
        QCOMPARE(src->tensors()[1].name, std::string("layer.1.w"));
        QCOMPARE(src->readF32("layer.1.w"), (std::vector<float>{3, 4, 5}));
        QCOMPARE(src->readF32("layer.0.w"), (std::vector<float>{1, 2}));
        QVERIFY(src->has("layer.0.w"));
        QVERIFY(!src->has("layer.2.w"));
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, src->readF32("layer.2.w"));

        saveText(path("sharded/model.safetensors.index.json"),
                 R"({"weight_map": {"layer.9.w": "model-00001-of-00002.safetensors"}})");
        expectFormatError(path("sharded/model.safetensors.index.json"), "layer.9.w");
        saveText(path("sharded/model.safetensors.index.json"), R"({"weight_map": {"a": "../secret.safetensors"}})");
        expectFormatError(path("sharded/model.safetensors.index.json"), "invalid shard file name");
        saveText(path("sharded/model.safetensors.index.json"), R"({"weights": {}})");
        expectFormatError(path("sharded/model.safetensors.index.json"), "weight_map");
        saveText(path("sharded/model.safetensors.index.json"), "{not json");
        expectFormatError(path("sharded/model.safetensors.index.json"), "JSON");

        QVERIFY(QDir(m_dir.path()).mkpath("nothing"));
        QVERIFY_THROWS_EXCEPTION(persona::IoError, openSafetensors(path("nothing")));
        QVERIFY_THROWS_EXCEPTION(persona::IoError, openSafetensors(path("absent.safetensors")));
    }

    void brokenHeaders_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("needle");
        const std::string ok = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        auto row = [](const char* name, const std::string& bytes, const char* needle) {
            QTest::newRow(name) << QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())) << QString(needle);
        };
        row("empty", "", "too short");
        row("short", "abc", "too short");
        row("length past end", rawFile(ok, 8, 1ull << 40), "larger than the file");
        row("length one too many", rawFile(ok, 0, ok.size() + 1), "larger than the file");
        row("invalid json", rawFile(R"({"w": {"dtype": )", 8), "not valid JSON");
        row("not an object", rawFile("[1, 2]", 8), "not a JSON object");
        row("entry not object", rawFile(R"({"w": 3})", 8), "tensor 'w'");
        row("missing dtype", rawFile(R"({"w":{"shape":[2],"data_offsets":[0,8]}})", 8), "dtype");
        row("unknown dtype", rawFile(R"({"w":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}})", 8), "unknown dtype 'F7'");
        row("negative shape", rawFile(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), "shape");
        row("bad offsets", rawFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", 8), "data_offsets");
        row("offsets outside", rawFile(ok, 4), "tensor 'w': data_offsets [0, 8] lie outside");
        row("reversed offsets", rawFile(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8), "outside");
        row("wrong size", rawFile(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), "shape needs 12");
        row("overflow", rawFile(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8),
            "64 bits");
        row("overlap",
            rawFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                    12),
            "overlaps");
    }

    void brokenHeaders()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, needle);
        const std::string p = path(QString("broken-%1.safetensors").arg(QTest::currentDataTag()).replace(' ', '_'));
        saveText(p, bytes.toStdString());
        expectFormatError(p, needle);
    }

    void integerTensorsOpenButDoNotConvert()
    {
        const std::string p = path("ints.safetensors");
        saveText(p, rawFile(R"({"position_ids":{"dtype":"I64","shape":[1,2],"data_offsets":[0,16]}})", 16));
        const auto src = openSafetensors(p);
        QCOMPARE(src->info("position_ids").nbytes, std::uint64_t{16});
        try {
            src->readF32("position_ids");
            QFAIL("no error");
        } catch (const persona::FormatError& e) {
            const QString m = e.what();
            QVERIFY2(m.contains(QString::fromStdString(p)) && m.contains("position_ids") && m.contains("I64"),
                     qPrintable(m));
        }
    }
};

QTEST_APPLESS_MAIN(TestSafetensorsFile)
#include "test_safetensors_file.moc"
