// Tests core/data/user_profile.cpp (profile-augmented prompting): the profile of a hand-built
// history whose counts, means and extremes are computed by hand in the comments, the prompt text
// it gives, its use of the shown positions only, and the prompt forms of the three contents.
#include "core/common/error.h"
#include "core/data/next_item_task.h"
#include "core/data/user_profile.h"

#include <QtTest/QtTest>

using namespace persona::data;

namespace {

// Genres Comedy, Drama, Horror. Items: 0 "Alpha (1990)" Comedy; 1 "Beta (1991)" Comedy+Drama;
// 2 "Gamma (1992)" Drama; 3 "Delta (1993)" Horror; 4 "Epsilon (1994)" no genre; 5 "Zeta (1995)"
// Comedy. User "u" rated them in order: 5, 4, 2, 1, 3, 5 (positions 0..5); user "n" watched items
// 0 to 3 without ratings.
Dataset toy()
{
    Dataset ds;
    ds.genres = {"Comedy", "Drama", "Horror"};
    const std::vector<std::pair<const char*, std::vector<std::uint16_t>>> items{
        {"Alpha (1990)", {0}}, {"Beta (1991)", {0, 1}}, {"Gamma (1992)", {1}},
        {"Delta (1993)", {2}}, {"Epsilon (1994)", {}},  {"Zeta (1995)", {0}}};
    for (std::size_t i = 0; i < items.size(); ++i)
        ds.items.push_back({std::to_string(i), items[i].first, items[i].second, {}, {}, 1});
    User u{"u", {}};
    const float ratings[] = {5, 4, 2, 1, 3, 5};
    for (std::uint32_t i = 0; i < 6; ++i)
        u.history.push_back({i, ratings[i], 100 + i});
    User n{"n", {}};
    for (std::uint32_t i = 0; i < 4; ++i)
        n.history.push_back({i, kNoRating, 100 + i});
    ds.users = {u, n};
    return ds;
}

} // namespace

class TestUserProfile : public QObject {
    Q_OBJECT
private slots:
    void names()
    {
        for (PromptContent c : allPromptContents())
            QCOMPARE(parsePromptContent(promptContentName(c)), c);
        QCOMPARE(parsePromptContent("both"), PromptContent::ProfileHistory);
        try {
            parsePromptContent("summary");
            QFAIL("no ConfigError");
        } catch (const persona::ConfigError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("'summary'") && what.contains("profile-history"), e.what());
        }
    }

    void countsMeansAndExtremes()
    {
        const Dataset ds = toy();
        // Positions 0-3: four rated items, mean (5+4+2+1)/4 = 3.0. Comedy: Alpha 5, Beta 4 -> 2 items,
        // mean 4.5; Drama: Beta 4, Gamma 2 -> 2 items, mean 3.0; Horror: Delta 1 -> 1 item. Comedy and
        // Drama tie on items; Comedy's higher mean goes first. Extremes: at most 4 / 2 = 2 each.
        const UserProfile p = userProfile(ds, ds.users[0], {0, 1, 2, 3});
        QCOMPARE(p.items, std::size_t(4));
        QCOMPARE(p.rated, std::size_t(4));
        QCOMPARE(p.meanRating, 3.0);
        QCOMPARE(p.genres.size(), std::size_t(3));
        QCOMPARE(p.genres[0].genre, std::uint16_t(0));
        QCOMPARE(p.genres[0].items, std::size_t(2));
        QCOMPARE(p.genres[0].meanRating, 4.5);
        QCOMPARE(p.genres[1].genre, std::uint16_t(1));
        QCOMPARE(p.genres[1].meanRating, 3.0);
        QCOMPARE(p.genres[2].genre, std::uint16_t(2));
        QCOMPARE(p.genres[2].items, std::size_t(1));
        QCOMPARE(p.highest, (std::vector<std::size_t>{0, 1}));
        QCOMPARE(p.lowest, (std::vector<std::size_t>{3, 2}));
        QCOMPARE(profileText(ds, ds.users[0], p),
                 std::string("From 4 movies, mean rating 3.0:\n"
                             "Genres (movies, mean rating): Comedy 2 (4.5), Drama 2 (3.0), Horror 1 (1.0)\n"
                             "Rated highest: Alpha (1990) 5; Beta (1991) 4\n"
                             "Rated lowest: Delta (1993) 1; Gamma (1992) 2"));
    }

    void onlyTheShownPositionsCount()
    {
        const Dataset ds = toy();
        // Positions 0, 4, 5 (and 99, outside the history): Alpha 5, Epsilon 3 (no genre), Zeta 5.
        // Comedy 2 items mean 5.0; the two 5s tie, the more recent (Zeta, position 5) first; one of
        // three rated items fits each extreme (3 / 2 = 1).
        const UserProfile p = userProfile(ds, ds.users[0], {0, 4, 5, 99});
        QCOMPARE(p.items, std::size_t(3));
        QCOMPARE(p.meanRating, 13.0 / 3.0);
        QCOMPARE(p.genres.size(), std::size_t(1));
        QCOMPARE(p.highest, (std::vector<std::size_t>{5}));
        QCOMPARE(p.lowest, (std::vector<std::size_t>{4}));
        const std::string text = profileText(ds, ds.users[0], p);
        QCOMPARE(text, std::string("From 3 movies, mean rating 4.3:\nGenres (movies, mean rating): Comedy 2 (5.0)\n"
                                   "Rated highest: Zeta (1995) 5\nRated lowest: Epsilon (1994) 3"));
        QVERIFY(text.find("Beta") == std::string::npos && text.find("Drama") == std::string::npos);
        // More extremes than half the rated items are never given; one rated item gives none.
        QCOMPARE(userProfile(ds, ds.users[0], {0, 1, 2, 3, 4, 5}, 10).highest.size(), std::size_t(3));
        QVERIFY(userProfile(ds, ds.users[0], {2}).highest.empty());
        QVERIFY(userProfile(ds, ds.users[0], {}).genres.empty());
    }

    void withoutRatings()
    {
        const Dataset ds = toy();
        const UserProfile p = userProfile(ds, ds.users[1], {0, 1, 2, 3});
        QCOMPARE(p.rated, std::size_t(0));
        QVERIFY(p.highest.empty() && p.lowest.empty());
        QCOMPARE(profileText(ds, ds.users[1], p),
                 std::string("From 4 movies:\nGenres (movies): Comedy 2, Drama 2, Horror 1"));
        // maxGenres keeps the most watched.
        QCOMPARE(profileText(ds, ds.users[1], p, 1), std::string("From 4 movies:\nGenres (movies): Comedy 2"));
    }

    void promptForms()
    {
        const Dataset ds = toy();
        const User& u = ds.users[0];
        const std::vector<std::size_t> shown{0, 3};
        ItemTextOptions o;
        const std::string items = historyText(ds, u, shown, o);
        const std::string profile = profileText(ds, u, userProfile(ds, u, shown));
        // History is the prompt text prompting has always had.
        QCOMPARE(shownHistoryText(ds, u, shown, o, PromptContent::History, "Lead"),
                 "Lead, with the user's rating from 1 to 5:\n" + items);
        QCOMPARE(shownHistoryText(ds, u, shown, o, PromptContent::Profile, "Lead"),
                 "Lead, summarised, with the user's ratings from 1 to 5:\n" + profile);
        QCOMPARE(shownHistoryText(ds, u, shown, o, PromptContent::ProfileHistory, "Lead"),
                 "Lead, summarised, with the user's ratings from 1 to 5:\n" + profile +
                     "\nThe movies, one per line:\n" + items);
        QVERIFY(items.find("Title: Alpha (1990)") != std::string::npos);
        // The next-item prompt takes the same content.
        const NextItemPrompt next = nextItemPrompt(ds, u, shown, o, "Next?", PromptContent::Profile);
        QVERIFY(next.user.find(profile) != std::string::npos);
        QVERIFY(next.user.find("Title: ") == std::string::npos);
        QVERIFY(next.user.size() > 6 && next.user.substr(next.user.size() - 6) == "\nNext?");
    }
};

QTEST_APPLESS_MAIN(TestUserProfile)
#include "test_user_profile.moc"
