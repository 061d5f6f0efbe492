// User attributes for slicing (core/data/user_attributes) and an evaluation broken down by them
// (core/train/slices): the user files of ml-100k, ml-1m and RecBole read into MovieLens-1M age bands
// and occupation names, the attributes every dataset has, errors naming the file and line or the
// unknown attribute, and slice counts and scores against the users' own predictions.
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/data/user_attributes.h"
#include "core/eval/genre_parser.h"
#include "core/train/slices.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace persona;
using namespace persona::data;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& rel)
{
    return std::string(PERSONA_TEST_DATA) + "/movielens/" + rel;
}

Dataset load(const std::string& path)
{
    LoadOptions o;
    o.minItemRatings = 1;
    o.strict = true;
    return loadDataset(path, o);
}

std::vector<std::string> valuesOf(const UserAttributes& a, const std::string& user)
{
    const auto it = a.values.find(user);
    return it == a.values.end() ? std::vector<std::string>{} : it->second;
}

} // namespace

class TestUserAttributes : public QObject {
    Q_OBJECT
private slots:
    void movieLens100k()
    {
        const Dataset ds = load(fixture("ml-100k"));
        const UserAttributes a = loadUserAttributes(ds);
        QCOMPARE(a.names, (std::vector<std::string>{"age", "gender", "occupation"}));
        QCOMPARE(valuesOf(a, "1"), (std::vector<std::string>{"18-24", "M", "technician"}));
        QCOMPARE(valuesOf(a, "2"), (std::vector<std::string>{"50-55", "F", "other"}));
        QCOMPARE(valuesOf(a, "3"), (std::vector<std::string>{"Under 18", "M", "student"}));
        const GenreLabels none;
        QCOMPARE(userAttributeValue(ds, *ds.findUser("4"), none, a, "age"), std::string("unknown")); // no line for user 4
        QCOMPARE(sliceAttributeNames(a), (std::vector<std::string>{"age", "gender", "occupation", "history", "rating", "genres"}));
    }

    void movieLens1mCodes()
    {
        const Dataset ds = load(fixture("ml-1m"));
        const UserAttributes a = loadUserAttributes(ds);
        QCOMPARE(valuesOf(a, "1"), (std::vector<std::string>{"Under 18", "F", "K-12 student"}));
        QCOMPARE(valuesOf(a, "2"), (std::vector<std::string>{"56+", "M", "self-employed"}));
        QCOMPARE(valuesOf(a, "4"), (std::vector<std::string>{"45-49", "M", "executive/managerial"}));
    }

    void recBoleUserFile()
    {
        const UserAttributes a = loadUserAttributes(load(fixture("recbole")));
        QVERIFY(a.file.find("mini.user") != std::string::npos);
        QCOMPARE(a.names, (std::vector<std::string>{"age", "gender", "occupation"})); // zip code left out
        QCOMPARE(valuesOf(a, "3"), (std::vector<std::string>{"Under 18", "M", "student"}));
    }

    void derivedAttributesEverywhere()
    {
        const Dataset ds = load(fixture("ml-latest"));
        const UserAttributes a = loadUserAttributes(ds);
        QVERIFY(a.file.empty() && a.names.empty());
        QCOMPARE(sliceAttributeNames(a), derivedAttributeNames());
        const std::size_t u = 0;
        const User& user = ds.users[u];
        double sum = 0.0;
        for (const auto& h : user.history)
            sum += h.rating;
        const double mean = sum / double(user.history.size());
        const std::string expected = mean < 3.0 ? "below 3.0" : mean < 3.5 ? "3.0-3.49" : mean < 4.0 ? "3.5-3.99" : "4.0 and above";
        GenreLabels labels;
        labels.liked = {0, 1, 2};
        labels.disliked = {3};
        QCOMPARE(userAttributeValue(ds, u, labels, a, "rating"), expected);
        QCOMPARE(userAttributeValue(ds, u, labels, a, "history"), std::string("1-19"));
        QCOMPARE(userAttributeValue(ds, u, labels, a, "genres"), std::string("3-5"));
        try {
            train::checkSliceAttributes(ds, a, {"history", "age"});
            QFAIL("an attribute the dataset lacks was accepted");
        } catch (const ConfigError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("'age'") != std::string::npos && m.find("no user file") != std::string::npos &&
                         m.find("history, rating, genres") != std::string::npos,
                     e.what());
        }
    }

    void malformedUserFileNamesTheLine()
    {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        for (const char* f : {"u.data", "u.item", "u.genre"})
            fs::copy_file(fixture(std::string("ml-100k/") + f), dir / f);
        std::ofstream(dir / "u.user") << "1|24|M|technician|85711\n2|old|F|other|94043\n";
        const Dataset ds = load(dir.string());
        try {
            loadUserAttributes(ds);
            QFAIL("a bad age was read");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("u.user:2") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("old") != std::string::npos, e.what());
        }
        std::ofstream(dir / "u.user") << "1|24|M\n";
        QVERIFY_THROWS_EXCEPTION(FormatError, loadUserAttributes(ds));
    }

    // Slices of a made-up evaluation over the four ml-100k users: users add up to the
    // evaluation's, a slice whose answers equal the truth scores 1, one with empty answers 0.
    void slicesAddUpAndScore()
    {
        const Dataset ds = load(fixture("ml-100k"));
        const UserAttributes a = loadUserAttributes(ds);
        train::EvalResult r;
        for (const char* key : {"1", "2", "3", "4"}) {
            train::UserPrediction p;
            p.user = *ds.findUser(key);
            p.userKey = key;
            p.truth.liked = {0};
            p.truth.disliked = {1};
            if (std::string(key) == "1" || std::string(key) == "3") { // the two M users under 25 answer right
                p.parsed.liked = {0};
                p.parsed.disliked = {1};
                p.text = "right";
            } else {
                p.text = std::string("empty ") + key;
            }
            r.predictions.push_back(p);
        }
        const auto slices = train::sliceEvaluation(ds, r, a, {"gender", "age"});
        std::size_t genderUsers = 0, ageUsers = 0;
        std::vector<std::string> ages;
        for (const auto& s : slices) {
            (s.attribute == "gender" ? genderUsers : ageUsers) += s.users;
            if (s.attribute == "age")
                ages.push_back(s.value);
        }
        QCOMPARE(genderUsers, std::size_t(4));
        QCOMPARE(ageUsers, std::size_t(4));
        QCOMPARE(ages, (std::vector<std::string>{"Under 18", "18-24", "50-55", "unknown"})); // band order
        for (const auto& s : slices) {
            if (s.attribute == "age" && (s.value == "Under 18" || s.value == "18-24")) {
                QCOMPARE(s.users, std::size_t(1));
                QCOMPARE(s.f1, 1.0);
                QVERIFY(std::isnan(s.crossUserF1)); // one user
            }
            if (s.attribute == "age" && s.value == "50-55")
                QCOMPARE(s.f1, 0.0);
            if (s.attribute == "gender" && s.value == "M") {
                QCOMPARE(s.users, std::size_t(2)); // user 4 has no line: "unknown"
                QCOMPARE(s.distinctOutputs, std::size_t(1));
                QCOMPARE(s.f1, 1.0);
                QCOMPARE(s.crossUserF1, 1.0); // same truth for both
            }
        }
        const nlohmann::json j = train::slicesJson(slices);
        QCOMPARE(j.size(), slices.size());
        QVERIFY(j[0].contains("crossUserF1") && j[0]["rougeL"].is_null());
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::sliceEvaluation(ds, r, a, {"zip"}));
    }
};

QTEST_APPLESS_MAIN(TestUserAttributes)
#include "test_user_attributes.moc"
