// Tests core/common/mapped_file.cpp and atomic_file.cpp: mapping (also empty files), IoErrors that
// name the file, and atomic replacement that leaves no temporary file behind.
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/mapped_file.h"

#include <QtTest/QtTest>

#include <cstring>

#include <sys/stat.h>
#include <unistd.h>
#include <fstream>

class TestMappedFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void mapsContentAndMoves()
    {
        const std::string p = path("a.bin");
        persona::writeFileAtomically(p, "hello", 5);
        persona::MappedFile f(p);
        QCOMPARE(f.size(), std::uint64_t{5});
        QVERIFY(std::memcmp(f.data(), "hello", 5) == 0);
        QCOMPARE(f.path(), p);
        persona::MappedFile g(std::move(f));
        QCOMPARE(g.size(), std::uint64_t{5});
        QVERIFY(std::memcmp(g.data(), "hello", 5) == 0);
        persona::MappedFile h(p);
        h = std::move(g);
        QCOMPARE(h.size(), std::uint64_t{5});
    }

    // Another program truncating the file after it was opened: with a memory map the next read of
    // the lost pages killed the process with SIGBUS; the bytes are now read when the file opens.
    void truncationAfterOpenIsHarmless()
    {
        const std::string p = path("model.bin");
        std::string bytes(3 * 4096 + 17, '\0');
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>(i * 31 % 251);
        persona::writeFileAtomically(p, bytes.data(), bytes.size());
        persona::MappedFile f(p);
        QVERIFY(!f.isMapped());
        QVERIFY(::truncate(p.c_str(), 10) == 0);
        QCOMPARE(f.size(), std::uint64_t{bytes.size()});
        QVERIFY(std::memcmp(f.data(), bytes.data(), bytes.size()) == 0);
        // A FIFO is refused before it is opened (opening one for reading waits for a writer).
        const std::string fifo = path("pipe");
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        try {
            persona::MappedFile g(fifo);
            QFAIL("a FIFO was opened");
        } catch (const persona::IoError& e) {
            QVERIFY2(QString(e.what()).contains("FIFO"), e.what());
        }
    }

    void emptyFileHasNoData()
    {
        const std::string p = path("empty.bin");
        std::ofstream(p).close();
        persona::MappedFile f(p);
        QCOMPARE(f.size(), std::uint64_t{0});
        QVERIFY(f.data() == nullptr);
    }

    void errorsNameTheFile()
    {
        for (const std::string& p : {path("missing.bin"), m_dir.path().toStdString()}) {
            try {
                persona::MappedFile f(p);
                QFAIL("no error");
            } catch (const persona::IoError& e) {
                QVERIFY2(QString(e.what()).contains(QString::fromStdString(p)), e.what());
            }
        }
    }

    void atomicFileReplacesOnlyOnCommit()
    {
        const std::string p = path("target.txt");
        persona::writeFileAtomically(p, "old", 3);
        {
            persona::AtomicFile f(p);
            f.write("new content", 11);
            // Destroyed without commit(): the target keeps its old bytes.
        }
        QCOMPARE(persona::MappedFile(p).size(), std::uint64_t{3});
        {
            persona::AtomicFile f(p);
            f.write("new", 3);
            f.writeZeros(5);
            QCOMPARE(f.written(), std::size_t{8});
            f.commit();
            QVERIFY_THROWS_EXCEPTION(persona::IoError, f.commit());
        }
        persona::MappedFile m(p);
        QCOMPARE(m.size(), std::uint64_t{8});
        QVERIFY(std::memcmp(m.data(), "new\0\0\0\0\0", 8) == 0);
        QCOMPARE(QDir(m_dir.path()).entryList({"target.txt*"}, QDir::Files).size(), 1);
        QVERIFY_THROWS_EXCEPTION(persona::IoError, persona::AtomicFile(path("no/such/dir/x")));
    }
};

QTEST_APPLESS_MAIN(TestMappedFile)
#include "test_mapped_file.moc"
