// Tests core/eval/baselines.cpp: the Counting baseline on the ml-100k fixture (counts by hand)
// and the zero-shot prompt text.
#include "core/data/dataset_loader.h"
#include "core/eval/baselines.h"

#include <QtTest/QtTest>

using namespace persona;

namespace {

data::Dataset fixture()
{
    data::LoadOptions o;
    o.minItemRatings = 1;
    return data::loadDataset(std::string(PERSONA_TEST_DATA) + "/movielens/ml-100k", o);
}

} // namespace

class TestBaselines : public QObject {
    Q_OBJECT
private slots:
    void counting()
    {
        const data::Dataset ds = fixture();
        const data::User& u1 = ds.users[0];
        // Toy Story (Animation Children's Comedy), GoldenEye (Action Adventure Thriller),
        // Misérables (Drama Musical), Heat (Action Crime Thriller): Action and Thriller twice,
        // the rest once; ties go by name.
        QCOMPARE(data::targetText(ds, eval::countingBaseline(ds, u1, {0, 1, 2, 3})),
                 std::string("Liked Genres: Action, Thriller, Adventure. Not Liked Genres: Animation, Children's, Comedy"));
        QCOMPARE(data::targetText(ds, eval::countingBaseline(ds, u1, {2})), std::string("Liked Genres: Drama, Musical. Not Liked Genres: None"));
        QCOMPARE(data::targetText(ds, eval::countingBaseline(ds, u1, {0, 1, 3}, 1)), std::string("Liked Genres: Action. Not Liked Genres: Adventure"));
        QVERIFY(eval::countingBaseline(ds, u1, {}).empty());
        QVERIFY(eval::countingBaseline(ds, u1, {99}).empty()); // out-of-range positions are ignored
    }

    void zeroShotPrompt()
    {
        const data::Dataset ds = fixture();
        const eval::ChatPrompt p = eval::zeroShotPrompt(ds, ds.users[0], {0, 3});
        QVERIFY(!p.system.empty());
        const QString user = QString::fromStdString(p.user);
        QVERIFY(user.contains("Title: Toy Story (1995), Genres: Animation, Children's, Comedy, Rating: 5\n"
                              "Title: Heat (1995), Genres: Action, Crime, Thriller, Rating: 2\n"));
        QVERIFY(!user.contains("GoldenEye"));
        QVERIFY(user.contains("Action, Adventure, Animation, Children's, Comedy, Crime, Drama, Musical, Thriller."));
        QVERIFY(user.endsWith("Liked Genres: <genre>, <genre>. Not Liked Genres: <genre>"));
    }
};

QTEST_APPLESS_MAIN(TestBaselines)
#include "test_baselines.moc"
