// Tests the loaders on bad input (core/data/dataset_builder.cpp and the readers): malformed lines,
// unknown items, invalid UTF-8, duplicate ratings, users left without ratings, empty files and bad
// headers. Each gives a clean error naming the file and line, or a skip counted in the report.
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/data/line_reader.h"

#include <QtTest/QtTest>

#include <fstream>

using namespace persona::data;

namespace {

void writeFile(const QString& path, const std::string& bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << bytes;
}

// A minimal ml-latest folder with the given ratings.csv body (movies 1 and 2 exist).
QString csvDataset(QTemporaryDir& dir, const std::string& ratings, const std::string& movies = {})
{
    writeFile(dir.filePath("movies.csv"), movies.empty() ? "movieId,title,genres\n1,A (1990),Drama\n2,B (1991),Comedy|Drama\n" : movies);
    writeFile(dir.filePath("ratings.csv"), ratings);
    return dir.path();
}

LoadOptions opts(bool strict, std::uint32_t minRatings = 1)
{
    LoadOptions o;
    o.strict = strict;
    o.minItemRatings = minRatings;
    return o;
}

// Runs f, expecting a FormatError whose message contains every part.
template <typename F>
void expectFormatError(F f, const QStringList& parts)
{
    try {
        f();
        QFAIL("expected a FormatError");
    } catch (const persona::FormatError& e) {
        const QString msg = QString::fromUtf8(e.what());
        for (const QString& part : parts)
            QVERIFY2(msg.contains(part), qPrintable("message '" + msg + "' lacks '" + part + "'"));
    }
}

} // namespace

class TestDatasetErrors : public QObject {
    Q_OBJECT
private slots:
    void malformedLineStrictNamesFileAndLine()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n1,2,four,11\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true)); }, {"ratings.csv:3:", "four"});
    }

    void malformedLinesSkippedAndCounted()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n1,2\n2,1,9,5\n2,2,3,x\n\n2,2,3,12\n");
        const Dataset ds = loadDataset(path.toStdString(), opts(false));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(3));
        QCOMPARE(ds.ratingCount(), std::size_t(2));
        QCOMPARE(ds.report.messages.size(), std::size_t(3));
        QVERIFY(QString::fromStdString(ds.report.messages[0]).contains("ratings.csv:3:"));
    }

    void unknownItem()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n1,77,4,11\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true)); }, {"ratings.csv:3:", "'77'"});
        const Dataset ds = loadDataset(path.toStdString(), opts(false));
        QCOMPARE(ds.report.unknownItemRatings, std::uint64_t(1));
        QCOMPARE(ds.ratingCount(), std::size_t(1));
    }

    void invalidUtf8()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n",
                                        "movieId,title,genres\n1,Caf\xE9 (1990),Drama\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true)); }, {"movies.csv:2:", "UTF-8"});
        const Dataset ds = loadDataset(path.toStdString(), opts(false));
        QCOMPARE(ds.report.invalidTextLines, std::uint64_t(1));
        QCOMPARE(QString::fromStdString(ds.items[0].title), QString::fromUtf8("Caf\xEF\xBF\xBD (1990)"));
    }

    void badJsonLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("h.jsonl");
        writeFile(path, "{\"id\": 1, \"items\": [{\"title\": \"A\", \"rating\": 4}]}\n{\"id\": 2, \"items\": [\n"
                        "{\"id\": 3, \"items\": [{\"rating\": 4}]}\n{\"id\": 4, \"items\": [{\"title\": \"\xFF\"}]}\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true)); }, {"h.jsonl:2:", "JSON"});
        const Dataset ds = loadDataset(path.toStdString(), opts(false));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(3));
        QVERIFY(QString::fromStdString(ds.report.messages[1]).contains("h.jsonl:3: item without a \"title\""));
        QCOMPARE(ds.users.size(), std::size_t(1));
    }

    void duplicateRatingsKeepTheLater()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,2,50\n1,2,3,20\n1,1,5,10\n");
        const Dataset ds = loadDataset(path.toStdString(), opts(true));
        QCOMPARE(ds.report.duplicateRatings, std::uint64_t(1));
        QCOMPARE(ds.users[0].history.size(), std::size_t(2));
        QCOMPARE(ds.users[0].history[1].rating, 2.0f); // timestamp 50 is the later one
    }

    // A movie id defined twice in movies.csv: strict names the second line; otherwise it is skipped,
    // counted and reported, and the first definition stays (it used to be dropped without a word).
    void duplicateItemIdsAreReported()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n1,2,3,11\n",
                                        "movieId,title,genres\n1,A (1990),Drama\n2,B (1991),Comedy\n1,Other (2001),Horror\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true)); }, {"movies.csv:4:", "duplicate item id '1'"});
        const Dataset ds = loadDataset(path.toStdString(), opts(false));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(1));
        QVERIFY(QString::fromStdString(ds.report.messages.at(0)).contains("movies.csv:4: duplicate item id '1'"));
        QCOMPARE(ds.items.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(ds.items[0].title), QString("A (1990)"));
        // The skipped line's genre is not one of the dataset's genres.
        QCOMPARE(ds.genres, (std::vector<std::string>{"Comedy", "Drama"}));

        QTemporaryDir m1;
        writeFile(m1.filePath("movies.dat"), "1::A (1990)::Drama\n1::Other (2001)::Horror\n2::B (1991)::Comedy\n");
        writeFile(m1.filePath("ratings.dat"), "1::1::4::10\n1::2::3::11\n");
        expectFormatError([&] { loadDataset(m1.path().toStdString(), opts(true)); }, {"movies.dat:2:", "duplicate item id '1'"});
        const Dataset ds1 = loadDataset(m1.path().toStdString(), opts(false));
        QCOMPARE(ds1.genres, (std::vector<std::string>{"Comedy", "Drama"}));

        QTemporaryDir rb;
        writeFile(rb.filePath("x.item"), "item_id:token\tmovie_title:token_seq\tclass:token_seq\n"
                                         "1\tA\tDrama\n1\tOther\tHorror\n2\tB\tComedy\n");
        writeFile(rb.filePath("x.inter"), "user_id:token\titem_id:token\trating:float\n1\t1\t4\n1\t2\t3\n");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(true)); }, {"x.item:3:", "duplicate item id '1'"});
        const Dataset dsr = loadDataset(rb.path().toStdString(), opts(false));
        QCOMPARE(dsr.genres, (std::vector<std::string>{"Comedy", "Drama"}));
    }

    void usersWithoutRatingsAfterFiltering()
    {
        QTemporaryDir dir;
        const QString path = csvDataset(dir, "userId,movieId,rating,timestamp\n1,1,4,10\n2,1,3,11\n3,2,3,12\n");
        const Dataset ds = loadDataset(path.toStdString(), opts(true, 2));
        QCOMPARE(ds.users.size(), std::size_t(2));
        QCOMPARE(ds.report.droppedUsers, std::uint64_t(1));
        expectFormatError([&] { loadDataset(path.toStdString(), opts(true, 20)); }, {"no rating left", "fewer than 20"});
    }

    void recBoleRowsWithTheWrongFieldCount()
    {
        QTemporaryDir rb;
        writeFile(rb.filePath("x.item"), "item_id:token\tmovie_title:token_seq\tclass:token_seq\n"
                                         "1\tA\tDrama\n2\tB\n\n3\tC\tComedy Drama\n");
        writeFile(rb.filePath("x.inter"), "user_id:token\titem_id:token\trating:float\n"
                                          "1\t1\t4\n1\t3\t2\t99\n\n2\t3\t5\n");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(true)); },
                          {"x.item:3:", "expected 3 tab-separated fields, found 2"});
        writeFile(rb.filePath("x.item"), "item_id:token\tmovie_title:token_seq\tclass:token_seq\n"
                                         "1\tA\tDrama\n\n3\tC\tComedy Drama\n");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(true)); },
                          {"x.inter:3:", "expected 3 tab-separated fields, found 4"});
        const Dataset ds = loadDataset(rb.path().toStdString(), opts(false));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(1));
        QCOMPARE(ds.items.size(), std::size_t(2));
        QCOMPARE(ds.users.size(), std::size_t(2));
        // Every line is counted, blank ones too: 4 of x.item and 5 of x.inter.
        QCOMPARE(ds.report.linesRead, std::uint64_t(9));
    }

    // A RecBole timestamp beyond 64-bit seconds (a float the reader once converted to an integer,
    // undefined behaviour found by fuzz_dataset) or not finite: a bad line naming the value.
    void recBoleTimestampOutOfRange()
    {
        QTemporaryDir rb;
        writeFile(rb.filePath("x.inter"), "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
                                          "1\t1\t4\t100\n1\t2\t3\t350000000000000000000\n2\t1\t5\tinf\n2\t2\t2\t200\n");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(true)); },
                          {"x.inter:3:", "timestamp '350000000000000000000' is out of range"});
        const Dataset ds = loadDataset(rb.path().toStdString(), opts(false));
        QVERIFY(ds.report.skippedLines >= 1);
        QCOMPARE(ds.ratingCount(), std::size_t(4) - ds.report.skippedLines);
    }

    void emptyFilesAndHeaders()
    {
        QTemporaryDir dir;
        QString path = csvDataset(dir, "");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(false)); }, {"ratings.csv", "empty file"});
        path = csvDataset(dir, "user,movie,rating,timestamp\n1,1,4,10\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(false)); }, {"ratings.csv:1:", "'userId'"});
        path = csvDataset(dir, "userId,movieId,rating,timestamp\n");
        expectFormatError([&] { loadDataset(path.toStdString(), opts(false)); }, {"no ratings in the data lines"});

        QTemporaryDir rb;
        writeFile(rb.filePath("x.inter"), "user_id\titem_id\n1\t2\n");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(false)); }, {"x.inter:1:", "':type'"});
        writeFile(rb.filePath("x.inter"), "");
        expectFormatError([&] { loadDataset(rb.path().toStdString(), opts(false)); }, {"x.inter", "empty file"});
    }

    void movieLens100kBadGenreFlags()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath("u.genre"), "unknown|0\nDrama|1\n");
        writeFile(dir.filePath("u.item"), "1|A (1990)|||url|0|1\n2|B (1991)|||url|0|2\n3|C|||url|0\n");
        writeFile(dir.filePath("u.data"), "1\t1\t4\t10\n1\t2\t4\t10\n");
        expectFormatError([&] { loadDataset(dir.path().toStdString(), opts(true)); }, {"u.item:2:", "0 or 1"});
        const Dataset ds = loadDataset(dir.path().toStdString(), opts(false));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(2));
        QCOMPARE(ds.report.unknownItemRatings, std::uint64_t(1));
        writeFile(dir.filePath("u.genre"), "unknown|0\nDrama|5\n");
        expectFormatError([&] { loadDataset(dir.path().toStdString(), opts(false)); }, {"u.genre:2:"});
    }

    void missingFilesAreIoErrors()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath("ratings.dat"), "1::1::4::10\n");
        QVERIFY_THROWS_EXCEPTION(persona::IoError, loadDataset(dir.path().toStdString(), opts(false)));
    }

    void tooLongLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("h.jsonl");
        writeFile(path, std::string(3u << 20, 'x'));
        LineReader reader(path.toStdString(), 1u << 20);
        std::string_view line;
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, reader.next(line));
    }
};

QTEST_APPLESS_MAIN(TestDatasetErrors)
#include "test_dataset_errors.moc"
