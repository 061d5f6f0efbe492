// Tests core/common/mapped_file.cpp and atomic_file.cpp: mapping (also empty files), IoErrors that
// name the file, a large mapped file truncated by another program (an IoError, not SIGBUS), SIGBUS
// elsewhere keeping its meaning, and atomic replacement that leaves no temporary file behind.
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/mapped_file.h"

#include <QtTest/QtTest>

#include <cstring>

#include <csignal>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fstream>

class TestMappedFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // QtTest's crash handler (it runs gdb) would be what the mapping's SIGBUS handler passes
        // other SIGBUSes on to; otherSigbusStillEndsTheProcess wants the default action behind it.
        std::signal(SIGBUS, SIG_DFL);
    }

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

    // A sparse file just over the copy limit (no disk used) with `marker` in its last page.
    std::string largeFile(const char* name, const std::string& marker) const
    {
        const std::string p = path(name);
        const int fd = ::open(p.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
        const std::uint64_t size = persona::MappedFile::kCopyLimit + 3 * 4096;
        const bool ok = fd >= 0 && ::ftruncate(fd, static_cast<off_t>(size)) == 0 &&
                        ::pwrite(fd, marker.data(), marker.size(), static_cast<off_t>(size - marker.size())) ==
                            static_cast<ssize_t>(marker.size());
        if (fd >= 0)
            ::close(fd);
        return ok ? p : std::string();
    }

    // Over the copy limit the file is mapped; another program truncating it used to end this process
    // with SIGBUS at the next read of a lost page. Now the lost pages read as zeros, the file is
    // marked changed and guard() throws an IoError naming it; another mapped file is not affected.
    void largeFileTruncatedWhileMappedIsAnIoError()
    {
        const std::string marker = "last bytes of the model";
        const std::string p = largeFile("large.bin", marker);
        const std::string q = largeFile("other.bin", marker);
        QVERIFY(!p.empty() && !q.empty());
        persona::MappedFile f(p);
        persona::MappedFile other(q);
        QVERIFY(f.isMapped());
        QVERIFY(other.isMapped());
        const auto tail = [&](const persona::MappedFile& m) {
            return std::string(reinterpret_cast<const char*>(m.data() + m.size() - marker.size()), marker.size());
        };
        QCOMPARE(f.guard([&] { return tail(f); }), marker);
        QVERIFY(!f.changed());

        QCOMPARE(::truncate(p.c_str(), 4096), 0);
        std::string seen;
        try {
            f.guard([&] { seen = tail(f); });
            QFAIL("no error for a file truncated while mapped");
        } catch (const persona::IoError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(p)), e.what());
            QVERIFY2(message.contains("changed while it was read"), e.what());
        }
        QCOMPARE(seen, std::string(marker.size(), '\0')); // the lost pages read as zeros
        QVERIFY(f.changed());
        // An exception the reader threw over those zeros becomes the IoError too.
        QVERIFY_THROWS_EXCEPTION(persona::IoError, f.guard([] { throw persona::FormatError("bad magic"); }));
        // The other file's mapping is intact and unmarked.
        QCOMPARE(other.guard([&] { return tail(other); }), marker);
        QVERIFY(!other.changed());
        // Moving keeps the mark with the file; a new open of the shorter file is a clean copy.
        persona::MappedFile moved(std::move(f));
        QVERIFY(moved.changed());
        persona::MappedFile reopened(p);
        QVERIFY(!reopened.isMapped());
        QVERIFY(!reopened.changed());
        QCOMPARE(reopened.size(), std::uint64_t{4096});
    }

    // The handler above must not swallow other SIGBUSes: a fault in a mapping that is not the
    // workbench's, and a SIGBUS sent by kill(), still end the process with SIGBUS (run in children).
    void otherSigbusStillEndsTheProcess()
    {
        const std::string p = largeFile("install.bin", "x");
        { persona::MappedFile f(p); } // installs the handler in this process (and so in children)
        const std::string own = path("own.bin");
        const std::string page(8192, 'a');
        persona::writeFileAtomically(own, page.data(), page.size());
        const pid_t fault = ::fork();
        QVERIFY(fault >= 0);
        if (fault == 0) {
            const int fd = ::open(own.c_str(), O_RDONLY);
            void* m = fd < 0 ? MAP_FAILED : ::mmap(nullptr, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m == MAP_FAILED || ::truncate(own.c_str(), 0) != 0)
                ::_exit(3);
            volatile char c = static_cast<const char*>(m)[4096];
            (void)c;
            ::_exit(0);
        }
        const pid_t sent = ::fork();
        QVERIFY(sent >= 0);
        if (sent == 0) {
            ::raise(SIGBUS);
            ::_exit(0);
        }
        for (const pid_t child : {fault, sent}) {
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
#if defined(__SANITIZE_ADDRESS__)
            // AddressSanitizer's own SIGBUS handler (the one passed on to) reports and exits 1.
            QVERIFY(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0));
#else
            QVERIFY2(WIFSIGNALED(status), qPrintable(QString("child exited with %1").arg(WEXITSTATUS(status))));
            QCOMPARE(WTERMSIG(status), SIGBUS);
#endif
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
