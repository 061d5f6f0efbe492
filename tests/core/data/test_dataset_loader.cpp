// Tests core/data/dataset_loader.cpp and the format readers on the hand-written fixtures in
// tests/data/movielens/: one small dataset (5 movies, 4 users, 12 ratings) in every format.
#include "core/common/error.h"
#include "core/data/dataset_loader.h"

#include <QtTest/QtTest>

using namespace persona::data;

namespace {

std::string fixture(const char* rel)
{
    return std::string(PERSONA_TEST_DATA) + "/movielens/" + rel;
}

LoadOptions keepAll()
{
    LoadOptions o;
    o.minItemRatings = 1;
    o.strict = true;
    return o;
}

const Item& itemByKey(const Dataset& ds, const std::string& key)
{
    for (const Item& item : ds.items) {
        if (item.key == key)
            return item;
    }
    throw std::runtime_error("no item " + key);
}

QStringList genreNames(const Dataset& ds, const Item& item)
{
    QStringList out;
    for (auto g : item.genres)
        out << QString::fromStdString(ds.genres[g]);
    return out;
}

QStringList historyKeys(const Dataset& ds, const User& user)
{
    QStringList out;
    for (const Interaction& x : user.history)
        out << QString::fromStdString(ds.items[x.item].key);
    return out;
}

} // namespace

class TestDatasetLoader : public QObject {
    Q_OBJECT
private slots:
    void detectsFormats()
    {
        QCOMPARE(detectFormat(fixture("ml-100k")), DatasetFormat::MovieLens100K);
        QCOMPARE(detectFormat(fixture("ml-100k/u.data")), DatasetFormat::MovieLens100K);
        QCOMPARE(detectFormat(fixture("ml-1m")), DatasetFormat::MovieLens1M);
        QCOMPARE(detectFormat(fixture("ml-latest")), DatasetFormat::MovieLensCsv);
        QCOMPARE(detectFormat(fixture("recbole")), DatasetFormat::RecBole);
        QCOMPARE(detectFormat(fixture("recbole/mini.inter")), DatasetFormat::RecBole);
        QCOMPARE(detectFormat(fixture("jsonl/histories.jsonl")), DatasetFormat::JsonLines);
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, detectFormat(fixture("")));
        QVERIFY_THROWS_EXCEPTION(persona::IoError, detectFormat(fixture("nope")));
    }

    // The same movies and ratings in the four MovieLens-like formats.
    void movieLensFormats_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        QTest::newRow("ml-100k") << QString::fromStdString(fixture("ml-100k")) << "ml-100k";
        QTest::newRow("ml-1m") << QString::fromStdString(fixture("ml-1m")) << "ml-1m";
        QTest::newRow("ml-latest") << QString::fromStdString(fixture("ml-latest")) << "ml-csv";
        QTest::newRow("recbole") << QString::fromStdString(fixture("recbole")) << "recbole";
    }
    void movieLensFormats()
    {
        QFETCH(QString, path);
        QFETCH(QString, format);
        const Dataset ds = loadDataset(path.toStdString(), keepAll());
        QCOMPARE(QString(datasetFormatName(ds.format)), format);
        QCOMPARE(ds.users.size(), std::size_t(4));
        QCOMPARE(ds.items.size(), std::size_t(5)); // ml-latest's unrated movie 6 is dropped
        QCOMPARE(ds.ratingCount(), std::size_t(12));
        QCOMPARE(ds.report.skippedLines, std::uint64_t(0));
        // Latin-1 (ml-100k, ml-1m) and UTF-8 titles both arrive as UTF-8, comma kept.
        QCOMPARE(QString::fromStdString(itemByKey(ds, "3").title), QString::fromUtf8("Misérables, Les (1995)"));
        QCOMPARE(genreNames(ds, itemByKey(ds, "3")), (QStringList{"Drama", "Musical"}));
        QCOMPARE(genreNames(ds, itemByKey(ds, "4")), (QStringList{"Action", "Crime", "Thriller"}));
        QVERIFY(std::is_sorted(ds.genres.begin(), ds.genres.end()));
        QVERIFY(!ds.findGenre("unknown"));
        // Users sorted numerically; user 3's file order is not chronological.
        QCOMPARE(ds.users[2].key, std::string("3"));
        QCOMPARE(historyKeys(ds, ds.users[2]), (QStringList{"2", "4", "1", "5"}));
        QCOMPARE(ds.users[2].history.front().timestamp, std::int64_t(120));
        QCOMPARE(itemByKey(ds, "1").popularity, std::uint32_t(3));
    }

    void movieLens100kGenreFlags()
    {
        const Dataset ds = loadDataset(fixture("ml-100k"), keepAll());
        QCOMPARE(genreNames(ds, itemByKey(ds, "1")), (QStringList{"Animation", "Children's", "Comedy"}));
        QVERIFY(itemByKey(ds, "5").genres.empty()); // only the "unknown" flag
        QCOMPARE(ds.users[0].history[0].rating, 5.0f);
    }

    void csvQuotesTagsAndNoGenres()
    {
        LoadOptions o = keepAll();
        o.minItemRatings = 0;
        const Dataset ds = loadDataset(fixture("ml-latest"), o);
        QCOMPARE(ds.items.size(), std::size_t(6));
        QCOMPARE(itemByKey(ds, "6").title, std::string("Shawshank \"Redemption\", The (1994)"));
        QCOMPARE(itemByKey(ds, "6").popularity, std::uint32_t(0));
        QVERIFY(itemByKey(ds, "5").genres.empty()); // "(no genres listed)"
        QCOMPARE(genreNames(ds, itemByKey(ds, "1")), (QStringList{"Animation", "Children", "Comedy"}));
        const auto& tags = itemByKey(ds, "1").tags;
        QCOMPARE(tags.size(), std::size_t(2)); // "pixar" twice is kept once
        QCOMPARE(tags[1], std::string("toys, talking"));
        QCOMPARE(ds.users[0].history[1].rating, 3.5f);
        o.readTags = false;
        QVERIFY(itemByKey(loadDataset(fixture("ml-latest"), o), "1").tags.empty());
    }

    void minimumRatingFilter()
    {
        LoadOptions o = keepAll();
        o.minItemRatings = 3; // keeps movies 1 and 3 only
        const Dataset ds = loadDataset(fixture("ml-100k"), o);
        QCOMPARE(ds.items.size(), std::size_t(2));
        QCOMPARE(ds.report.droppedItems, std::uint64_t(3));
        QCOMPARE(ds.report.droppedRatings, std::uint64_t(6));
        QCOMPARE(ds.ratingCount(), std::size_t(6));
        QCOMPARE(ds.users.size(), std::size_t(4));
        QCOMPARE(ds.genres.size(), std::size_t(5)); // Animation Children's Comedy Drama Musical
        o.minItemRatings = 4;
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, loadDataset(fixture("ml-100k"), o));
    }

    void jsonLines()
    {
        const Dataset ds = loadDataset(fixture("jsonl/histories.jsonl"), keepAll());
        QCOMPARE(ds.format, DatasetFormat::JsonLines);
        QCOMPARE(ds.users.size(), std::size_t(3));
        QCOMPARE(ds.users[0].key, std::string("42")); // not all keys numeric: sorted as text
        QCOMPARE(ds.users[1].key, std::string("alice"));
        // alice: sorted by timestamp.
        QCOMPARE(historyKeys(ds, ds.users[1]), (QStringList{"Dune", "Gone Girl", "The Hobbit"}));
        // 42: no timestamps or ratings, file order kept.
        QCOMPARE(historyKeys(ds, ds.users[0]), (QStringList{"The Hobbit", "Gone Girl", "Dune"}));
        QVERIFY(!ds.users[0].history[0].hasRating());
        QCOMPARE(ds.users[2].history[0].rating, 3.5f);
        const Item& zola = itemByKey(ds, "zola");
        QCOMPARE(QString::fromStdString(zola.title), QString::fromUtf8("Émile Zola: a life"));
        QCOMPARE(itemByKey(ds, "The Hobbit").text, std::string("A hobbit is swept into a quest."));
        QCOMPARE(itemByKey(ds, "Dune").tags, (std::vector<std::string>{"desert", "spice"}));
        QCOMPARE(itemByKey(ds, "Dune").popularity, std::uint32_t(3));
        QCOMPARE(genreNames(ds, itemByKey(ds, "Dune")), (QStringList{"Adventure", "Sci-Fi"}));
        QCOMPARE(ds.genres.size(), std::size_t(6));
    }

    void resolvesDatasetNames()
    {
        const std::string dir = std::string(PERSONA_TEST_DATA) + "/movielens";
        QCOMPARE(resolveDatasetPath("ml-1m", dir), dir + "/ml-1m");
        QCOMPARE(resolveDatasetPath(fixture("recbole"), ""), fixture("recbole"));
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, resolveDatasetPath("ml-25m", dir));
    }
};

QTEST_APPLESS_MAIN(TestDatasetLoader)
#include "test_dataset_loader.moc"
