// Tests core/search/search_space: MiLP encoding round trip, decode snapping, sampling and mutation
// validity, the ablation's fixed factors, and clean errors for bad spaces and configurations.
#include "core/common/error.h"
#include "core/search/search_space.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <set>

using namespace persona;
using namespace persona::search;

namespace {

MilpConfig makeConfig(std::vector<int> layers, int count, int rank, int depth = 30)
{
    MilpConfig c;
    c.activeLayers.assign(static_cast<std::size_t>(depth), false);
    for (int l : layers)
        c.activeLayers[static_cast<std::size_t>(l)] = true;
    c.loraCount = count;
    c.rank = rank;
    return c;
}

bool inUnitBox(const Point& x)
{
    return std::all_of(x.begin(), x.end(), [](double v) { return v >= 0.0 && v <= 1.0; });
}

} // namespace

class TestSearchSpace : public QObject {
    Q_OBJECT

private slots:
    void encodingLayoutAndRoundTrip()
    {
        MilpSpace space(MilpSpaceOptions{});
        QCOMPARE(space.dimension(), 32); // 30 flags + count + rank
        const MilpConfig c = makeConfig({0, 7, 29}, 9, 64);
        const Point x = space.encode(c);
        QCOMPARE(x[0], 1.0);
        QCOMPARE(x[1], 0.0);
        QCOMPARE(x[29], 1.0);
        QCOMPARE(x[30], (9.0 - 1.0) / 31.0);
        QCOMPARE(x[31], 3.0 / 4.0); // 64 is index 3 of {8,16,32,64,96}
        QCOMPARE(space.decode(x), c);
        QCOMPARE(space.describe(x), std::string("layers {0,7,29} count 9 rank 64"));
    }

    void decodeSnapsArbitraryPoints()
    {
        MilpSpace space(MilpSpaceOptions{});
        Point x(32, 0.2); // no flag >= 0.5: the largest becomes the one active layer
        x[12] = 0.45;
        x[30] = 0.51;
        x[31] = 0.9;
        const MilpConfig c = space.decode(x);
        QCOMPARE(c, makeConfig({12}, 1 + 16, 96)); // round(0.51 * 31) = 16
        QCOMPARE(space.snap(x), space.encode(c));
        QVERIFY_THROWS_EXCEPTION(ShapeError, space.decode(Point(5, 0.0)));
    }

    void samplesAndMutationsAreValid()
    {
        MilpSpace space(MilpSpaceOptions{});
        SearchRng rng(11);
        std::set<Point> distinct;
        std::set<int> ranks, counts;
        int unchanged = 0; // a mutation may undo itself (the same flag twice, a count at its bound)
        for (int i = 0; i < 300; ++i) {
            const Point x = space.sample(rng);
            QVERIFY(inUnitBox(x));
            const MilpConfig c = space.decode(x);
            space.validate(c); // throws when invalid
            QCOMPARE(space.encode(c), x);
            ranks.insert(c.rank);
            counts.insert(c.loraCount);
            distinct.insert(x);
            const Point y = space.mutate(x, rng, 0.3);
            space.validate(space.decode(y));
            unchanged += y == x;
        }
        QVERIFY2(unchanged < 30, qPrintable(QString("%1 of 300 mutations changed nothing").arg(unchanged)));
        QCOMPARE(ranks.size(), std::size_t(5));
        QVERIFY(counts.size() > 25);
        QVERIFY(distinct.size() > 290);
    }

    void mutationKeepsOneLayerActive()
    {
        MilpSpaceOptions o;
        o.layerCount = 2;
        o.searchCount = false;
        o.searchRank = false;
        o.fixed = makeConfig({0}, 4, 16, 2);
        MilpSpace space(o);
        QCOMPARE(space.dimension(), 2);
        SearchRng rng(3);
        Point x = space.encode(makeConfig({1}, 4, 16, 2));
        for (int i = 0; i < 200; ++i) {
            x = space.mutate(x, rng, 1.0);
            const MilpConfig c = space.decode(x);
            QVERIFY(c.activeLayers[0] || c.activeLayers[1]);
            QCOMPARE(c.loraCount, 4); // fixed factors stay fixed
            QCOMPARE(c.rank, 16);
        }
    }

    void ablationFixesFactors()
    {
        MilpSpaceOptions o;
        o.searchLayers = false;
        o.searchCount = false;
        o.fixed = makeConfig({3, 4}, 8, 32);
        MilpSpace rankOnly(o);
        QCOMPARE(rankOnly.dimension(), 1);
        QCOMPARE(rankOnly.encode(makeConfig({3, 4}, 8, 96)), Point{1.0});
        QCOMPARE(rankOnly.decode(Point{0.25}), makeConfig({3, 4}, 8, 16));
    }

    void badSpacesAndConfigsAreConfigErrors()
    {
        MilpSpaceOptions none;
        none.searchLayers = none.searchCount = none.searchRank = false;
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{none});
        MilpSpaceOptions badRank;
        badRank.ranks = {8, 8, 16};
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{badRank});
        MilpSpaceOptions emptyRanks;
        emptyRanks.ranks.clear();
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{emptyRanks});
        MilpSpaceOptions badCount;
        badCount.countMin = 5;
        badCount.countMax = 4;
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{badCount});
        MilpSpaceOptions fixedRank; // rank fixed to a value outside the set
        fixedRank.searchRank = false;
        fixedRank.fixed.rank = 12;
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{fixedRank});
        MilpSpaceOptions deepLayers; // fixed layer flags for another depth
        deepLayers.searchLayers = false;
        deepLayers.fixed = makeConfig({31}, 1, 8, 32);
        QVERIFY_THROWS_EXCEPTION(ConfigError, MilpSpace{deepLayers});

        MilpSpace space(MilpSpaceOptions{});
        QVERIFY_THROWS_EXCEPTION(ConfigError, space.encode(makeConfig({}, 3, 8)));    // no active layer
        QVERIFY_THROWS_EXCEPTION(ConfigError, space.encode(makeConfig({1}, 3, 48)));  // rank not in the set
        QVERIFY_THROWS_EXCEPTION(ConfigError, space.encode(makeConfig({1}, 33, 8)));  // count past the range
        QVERIFY_THROWS_EXCEPTION(ConfigError, space.encode(makeConfig({1}, 3, 8, 31))); // wrong depth
        try {
            space.encode(makeConfig({1}, 3, 48));
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("rank 48") != std::string::npos);
        }
    }

    void boxSpace()
    {
        BoxSpace box(30);
        SearchRng rng(5);
        const Point x = box.sample(rng);
        QCOMPARE(x.size(), std::size_t(30));
        QVERIFY(inUnitBox(x));
        const Point y = box.mutate(x, rng, 0.5);
        QVERIFY(inUnitBox(y));
        int changed = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            changed += x[i] != y[i];
        QVERIFY(changed >= 1 && changed < 15); // sparse, axis-aligned moves
        QCOMPARE(box.snap(Point(30, 1.7)), Point(30, 1.0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, BoxSpace{0});
    }
};

QTEST_APPLESS_MAIN(TestSearchSpace)
#include "test_search_space.moc"
