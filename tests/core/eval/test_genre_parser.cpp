// Tests core/eval/genre_parser.cpp: the target format, and the same answer written with other
// case, order, spacing, punctuation, spellings and unknown names.
#include "core/eval/genre_parser.h"

#include <QtTest/QtTest>

using namespace persona::eval;

namespace {

const GenreVocabulary& vocab()
{
    static const GenreVocabulary v({"Action", "Children's", "Comedy", "Drama", "Film-Noir", "Musical", "Sci-Fi"});
    return v;
}

QStringList names(const std::vector<std::uint16_t>& ids)
{
    QStringList out;
    for (auto g : ids)
        out << QString::fromStdString(vocab().name(g));
    return out;
}

} // namespace

class TestGenreParser : public QObject {
    Q_OBJECT
private slots:
    void keys()
    {
        QCOMPARE(genreKey("Sci-Fi"), std::string("scifi"));
        QCOMPARE(genreKey(" Children's "), std::string("childrens"));
        QCOMPARE(*vocab().find("sci fi"), std::uint16_t(6));
        QCOMPARE(*vocab().find("Children"), std::uint16_t(1));
        QCOMPARE(*vocab().find("musicals"), std::uint16_t(5));
        QCOMPARE(*vocab().find("FILM NOIR"), std::uint16_t(4));
        QVERIFY(!vocab().find("Biopic"));
        QVERIFY(!vocab().find("--"));
    }

    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("liked");
        QTest::addColumn<QStringList>("disliked");
        QTest::addColumn<QStringList>("unknown");
        QTest::newRow("target") << "Liked Genres: Action, Comedy. Not Liked Genres: Drama" << QStringList{"Action", "Comedy"}
                                << QStringList{"Drama"} << QStringList{};
        QTest::newRow("case and spacing") << "liked   genres :action ,COMEDY.not liked GENRES:  drama." << QStringList{"Action", "Comedy"}
                                          << QStringList{"Drama"} << QStringList{};
        QTest::newRow("reversed order") << "Not Liked Genres: Drama\nLiked Genres: Comedy and Sci Fi" << QStringList{"Comedy", "Sci-Fi"}
                                        << QStringList{"Drama"} << QStringList{};
        QTest::newRow("none") << "Liked Genres: None. Not Liked Genres: none." << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("empty lists") << "Liked Genres: . Not Liked Genres:" << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("disliked word") << "Sure! Liked: Children; Musicals | Film Noir. Disliked genres - Action/Drama"
                                       << QStringList{"Children's", "Musical", "Film-Noir"} << QStringList{"Action", "Drama"} << QStringList{};
        QTest::newRow("unknown names") << "Liked Genres: Action, Space Opera, Action. Not Liked Genres: Biopic"
                                       << QStringList{"Action"} << QStringList{} << QStringList{"l:spaceopera", "d:biopic"};
        QTest::newRow("no markers") << "I think they like action movies." << QStringList{} << QStringList{} << QStringList{};
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, liked);
        QFETCH(QStringList, disliked);
        QFETCH(QStringList, unknown);
        const ParsedGenres p = parseGenreText(text.toStdString(), vocab());
        QCOMPARE(names(p.liked), liked);
        QCOMPARE(names(p.disliked), disliked);
        QStringList gotUnknown;
        for (const auto& k : p.unknownLiked)
            gotUnknown << "l:" + QString::fromStdString(k);
        for (const auto& k : p.unknownDisliked)
            gotUnknown << "d:" + QString::fromStdString(k);
        QCOMPARE(gotUnknown, unknown);
    }

    void markersFound()
    {
        const ParsedGenres p = parseGenreText("Liked Genres: Drama", vocab());
        QVERIFY(p.foundLiked);
        QVERIFY(!p.foundDisliked);
        // "I liked action" still opens a liked list: text after any marker counts.
        QCOMPARE(names(parseGenreText("I liked action", vocab()).liked), QStringList{"Action"});
    }
};

QTEST_APPLESS_MAIN(TestGenreParser)
#include "test_genre_parser.moc"
