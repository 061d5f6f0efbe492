// Tests core/common/json_file.cpp: a bounded JSON file read: the size limit checked before reading,
// missing files and folders as IoError, parse errors with the file, byte offset, line and column,
// and the top-level object check.
#include "core/common/error.h"
#include "core/common/json_file.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace persona;

namespace {

std::string writeFile(const QTemporaryDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

template <typename E, typename F>
std::string messageOf(F&& f)
{
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "(no exception)";
}

} // namespace

class TestJsonFile : public QObject {
    Q_OBJECT
private slots:
    void readsAnObject()
    {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "ok.json", R"({"a": 1, "b": [true, null]})");
        const nlohmann::json j = readJsonObjectFile(path, 1024, "run config");
        QCOMPARE(j["a"].get<int>(), 1);
        QCOMPARE(j["b"].size(), std::size_t(2));
        QVERIFY(readJsonFile(writeFile(dir, "arr.json", "[1, 2]"), 1024).is_array());
    }

    void sizeIsCheckedBeforeReading()
    {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "big.json", std::string(100, ' ') + "{}");
        const std::string m = messageOf<FormatError>([&] { readJsonFile(path, 64, "MiLP config"); });
        QVERIFY2(m.find(path) == 0, m.c_str());
        QVERIFY2(m.find("102 bytes") != std::string::npos && m.find("64") != std::string::npos, m.c_str());
        QVERIFY2(m.find("MiLP config") != std::string::npos, m.c_str());
        QVERIFY(readJsonFile(path, 102).is_object()); // exactly at the limit is fine
    }

    void missingFileAndFolderAreIoErrors()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("none.json").toStdString();
        const std::string m = messageOf<IoError>([&] { readJsonFile(missing, 1024, "run config"); });
        QVERIFY2(m.find(missing) == 0 && m.find("run config") != std::string::npos, m.c_str());
        QVERIFY_THROWS_EXCEPTION(IoError, readJsonFile(dir.path().toStdString(), 1024));
    }

    void parseErrorsNameOffsetLineAndColumn()
    {
        QTemporaryDir dir;
        // The bad token 'x' is at byte 19: line 3, column 8.
        const std::string path = writeFile(dir, "bad.json", "{\n  \"a\": 1,\n  \"b\": x\n}");
        const std::string m = messageOf<FormatError>([&] { readJsonFile(path, 1024, "run config"); });
        QVERIFY2(m.find(path) == 0, m.c_str());
        QVERIFY2(m.find("not valid JSON") != std::string::npos, m.c_str());
        QVERIFY2(m.find("line 3, column 8") != std::string::npos, m.c_str());
        QVERIFY2(m.find("at byte offset 19") != std::string::npos, m.c_str());
        const std::string empty = writeFile(dir, "empty.json", "");
        QVERIFY_THROWS_EXCEPTION(FormatError, readJsonFile(empty, 1024));
        const std::string truncated = writeFile(dir, "cut.json", R"({"a": [1, 2)");
        QVERIFY_THROWS_EXCEPTION(FormatError, readJsonFile(truncated, 1024));
    }

    void objectIsRequiredWhenAsked()
    {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "arr.json", "[1, 2]");
        const std::string m = messageOf<FormatError>([&] { readJsonObjectFile(path, 1024, "run config"); });
        QVERIFY2(m.find(path) == 0 && m.find("not a JSON object") != std::string::npos && m.find("array") != std::string::npos,
                 m.c_str());
    }
};

QTEST_APPLESS_MAIN(TestJsonFile)
#include "test_json_file.moc"
