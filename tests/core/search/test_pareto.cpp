// Tests core/search/pareto: dominance, front extraction (duplicates, non-finite values), exact
// hypervolume in 1-D, 2-D and 3-D against hand-computed values, hypervolume improvement, knee point.
#include "core/common/error.h"
#include "core/search/pareto.h"

#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace persona;
using namespace persona::search;

class TestPareto : public QObject {
    Q_OBJECT

private slots:
    void dominance()
    {
        QVERIFY(dominates({2, 2}, {1, 2}));
        QVERIFY(!dominates({2, 2}, {2, 2}));
        QVERIFY(!dominates({3, 1}, {1, 3}));
        QVERIFY(!dominates({1, 3}, {3, 1}));
    }

    void frontSkipsDominatedDuplicatesAndNan()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<Objectives> pts{{1, 2}, {2, 1}, {1, 1}, {2, 1}, {0, 3}, {nan, 5}, {0.5, 0.5}};
        QCOMPARE(paretoFront(pts), (std::vector<int>{0, 1, 4}));
        QCOMPARE(paretoFront({}), std::vector<int>{});
        QVERIFY_THROWS_EXCEPTION(ShapeError, paretoFront({{1, 2}, {1, 2, 3}}));
    }

    void hypervolume2dHandValues()
    {
        // Staircase (3,1), (2,2), (1,3) over the origin: 3 + 2 + 1 = 6.
        const std::vector<Objectives> front{{3, 1}, {2, 2}, {1, 3}};
        QCOMPARE(hypervolume(front, {0, 0}), 6.0);
        // Dominated points and points not better than the reference add nothing.
        QCOMPARE(hypervolume({{3, 1}, {2, 2}, {1, 3}, {1, 1}, {0.5, -1}, {-1, 9}}, {0, 0}), 6.0);
        // Shifted reference (1, 0.5): (3-1)*(1-0.5) + (2-1)*(2-1) + 0 ((1,3) is not better in x) = 2.
        QCOMPARE(hypervolume(front, {1, 0.5}), 2.0);
        QCOMPARE(hypervolume({}, {0, 0}), 0.0);
        // Single objective: distance of the best point to the reference.
        QCOMPARE(hypervolume({{1.5}, {4.0}, {2.0}}, {1.0}), 3.0);
    }

    void hypervolume3dHandValues()
    {
        QCOMPARE(hypervolume({{2, 3, 4}}, {0, 0, 0}), 24.0);
        // Boxes 8 and 4 overlapping in 1x1x2: 10.
        QCOMPARE(hypervolume({{2, 2, 2}, {1, 1, 4}}, {0, 0, 0}), 10.0);
        // Three 3x1x1 bars along the axes: 9 - 3 pairwise overlaps + 1 triple = 7.
        QCOMPARE(hypervolume({{3, 1, 1}, {1, 3, 1}, {1, 1, 3}}, {0, 0, 0}), 7.0);
    }

    void hypervolumeImprovementHandValues()
    {
        const std::vector<Objectives> front{{3, 1}, {2, 2}, {1, 3}};
        // (2.5, 2.5) covers 6.25, of which 2.5 + 2 + 0.5 = 5 is already dominated.
        QCOMPARE(hypervolumeImprovement(front, {2.5, 2.5}, {0, 0}), 1.25);
        QCOMPARE(hypervolumeImprovement(front, {1.5, 1.5}, {0, 0}), 0.0); // dominated
        QCOMPARE(hypervolumeImprovement(front, {4, -1}, {0, 0}), 0.0);    // below the reference
        QCOMPARE(hypervolumeImprovement({}, {2, 3}, {0, 0}), 6.0);
        QCOMPARE(hypervolumeImprovement({{2, 2, 2}}, {1, 1, 4}, {0, 0, 0}), 2.0);
        // Sorted 2-D sweep agrees with the generic path.
        QCOMPARE(hypervolume2dSorted({{3, 1}, {2, 2}, {1, 3}}, {0, 0}), 6.0);
    }

    void kneeIsTheBalancedPoint()
    {
        const std::vector<Objectives> pts{{0, 10}, {5, 5}, {10, 0}, {1, 1}};
        QCOMPARE(kneePoint(pts, paretoFront(pts)), 1);
        QCOMPARE(kneePoint(pts, {}), -1);
        QCOMPARE(kneePoint({{7, 7}}, {0}), 0);
    }
};

QTEST_APPLESS_MAIN(TestPareto)
#include "test_pareto.moc"
