// Tests core/eval/baselines.cpp: the Counting baseline on the ml-100k fixture (counts by hand),
// Popular and the sampled-history rule on hand-built users, and the zero-shot prompt text.
#include "core/data/dataset_loader.h"
#include "core/data/genre_task.h"
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

// Genres Action, Comedy, Drama with three items each: items 3g, 3g+1, 3g+2 are of genre g.
data::Dataset threeGenres()
{
    data::Dataset ds;
    ds.genres = {"Action", "Comedy", "Drama"};
    for (std::uint16_t g = 0; g < 3; ++g)
        for (int i = 0; i < 3; ++i)
            ds.items.push_back({std::to_string(3 * g + i), "Film", {g}, {}, {}, 1});
    return ds;
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

    // Three genres with three items each; a user likes a genre rated 5 on its three items and
    // dislikes one rated 1 (LabelConfig: at least 3 rated items, mean above 3.5 / below 3).
    void popularIsTheCrowdsAnswer()
    {
        data::Dataset ds = threeGenres();
        const auto user = [&](const std::string& key, std::uint32_t likedGenre, std::uint32_t dislikedGenre) {
            data::User u;
            u.key = key;
            for (int i = 0; i < 3; ++i) {
                u.history.push_back({3 * likedGenre + i, 5.0f, i});
                u.history.push_back({3 * dislikedGenre + i, 1.0f, 10 + i});
            }
            ds.users.push_back(u);
        };
        user("a", 0, 2); // likes Action, dislikes Drama
        user("b", 1, 2); // likes Comedy, dislikes Drama
        user("c", 0, 1); // likes Action, dislikes Comedy
        QCOMPARE(data::targetText(ds, data::genreLabels(ds, ds.users[1])), std::string("Liked Genres: Comedy. Not Liked Genres: Drama"));
        // Action liked twice, Comedy once; Drama disliked twice, Comedy once but liked, so left out.
        QCOMPARE(data::targetText(ds, eval::popularBaseline(ds, {0, 1, 2})),
                 std::string("Liked Genres: Action, Comedy. Not Liked Genres: Drama"));
        QCOMPARE(data::targetText(ds, eval::popularBaseline(ds, {0, 1, 2}, 1)), std::string("Liked Genres: Action. Not Liked Genres: Drama"));
        // The same for every user whatever their history: only the crowd counts.
        QCOMPARE(data::targetText(ds, eval::popularBaseline(ds, {1})), std::string("Liked Genres: Comedy. Not Liked Genres: Drama"));
        QCOMPARE(data::targetText(ds, eval::popularBaseline(ds, {2, 99})), std::string("Liked Genres: Action. Not Liked Genres: Comedy"));
        QVERIFY(eval::popularBaseline(ds, {}).empty());
    }

    // The labelling rule on the shown items only: a hand-built user whose full history and shown
    // items disagree.
    void sampledRuleReadsOnlyTheShownItems()
    {
        data::Dataset ds = threeGenres();
        data::User u;
        u.key = "u";
        const float ratings[3][3] = {{5, 5, 1}, {1, 1, 5}, {4, 4, 4}}; // means 3.67, 2.33, 4
        for (std::uint32_t g = 0; g < 3; ++g)
            for (std::uint32_t i = 0; i < 3; ++i)
                u.history.push_back({3 * g + i, ratings[g][i], static_cast<std::int64_t>(3 * g + i)});
        ds.users.push_back(u);
        QCOMPARE(data::targetText(ds, data::genreLabels(ds, u)),
                 std::string("Liked Genres: Drama, Action. Not Liked Genres: Comedy"));
        // Shown: Action's 5, Comedy's 5, Drama's 4. Ties on the mean go to the genre first by name.
        QCOMPARE(data::targetText(ds, eval::sampledRuleBaseline(ds, u, {0, 5, 6})),
                 std::string("Liked Genres: Action, Comedy, Drama. Not Liked Genres: None"));
        // Shown: Action's 1 and Comedy's two 1s; at least two items per genre leaves Comedy only.
        QCOMPARE(data::targetText(ds, eval::sampledRuleBaseline(ds, u, {2, 3, 4})),
                 std::string("Liked Genres: None. Not Liked Genres: Comedy, Action"));
        QCOMPARE(data::targetText(ds, eval::sampledRuleBaseline(ds, u, {2, 3, 4}, {}, 2)),
                 std::string("Liked Genres: None. Not Liked Genres: Comedy"));
        // Everything shown with the truth's own count: the truth.
        QCOMPARE(data::targetText(ds, eval::sampledRuleBaseline(ds, u, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {}, 3)),
                 data::targetText(ds, data::genreLabels(ds, u)));
        QVERIFY(eval::sampledRuleBaseline(ds, u, {}).empty());
        QVERIFY(eval::sampledRuleBaseline(ds, u, {99}).empty()); // out-of-range positions are ignored
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

        // Profile-augmented: Toy Story 5 and Heat 2 summarised (mean 3.5; Action, Animation,
        // Children's, Comedy, Crime, Thriller once each), no item line, the same question.
        const QString profile = QString::fromStdString(
            eval::zeroShotPrompt(ds, ds.users[0], {0, 3}, {}, data::PromptContent::Profile).user);
        QVERIFY2(profile.contains("From 2 movies, mean rating 3.5:\n"), qPrintable(profile));
        QVERIFY(profile.contains("Rated highest: Toy Story (1995) 5\nRated lowest: Heat (1995) 2"));
        QVERIFY(!profile.contains("Title: "));
        QVERIFY(profile.endsWith("Liked Genres: <genre>, <genre>. Not Liked Genres: <genre>"));
        const QString both = QString::fromStdString(
            eval::zeroShotPrompt(ds, ds.users[0], {0, 3}, {}, data::PromptContent::ProfileHistory).user);
        QVERIFY(both.contains("Rated lowest: Heat (1995) 2\nThe movies, one per line:\nTitle: Toy Story (1995)"));
    }
};

QTEST_APPLESS_MAIN(TestBaselines)
#include "test_baselines.moc"
