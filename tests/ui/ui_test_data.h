// Small RecBole atomic datasets written into a temporary folder for the GUI tests: a synthetic
// one (users of different history lengths over items of varied popularity) and a broken one; and
// each test's own settings folder.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace uitest {

// Keeps the window's QSettings in `folder` under this test's own application name, so a test
// neither reads nor changes the user's settings or another test's.
inline void useOwnSettings(const QString& folder, const QString& application)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName("PersonaWorkbenchTest");
    QCoreApplication::setApplicationName(application);
}

inline const QStringList kGenres = {"Action", "Comedy", "Drama", "Horror", "Romance", "Thriller"};

inline bool writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

// users users (keys 1..users); user u rates 20 + u % 6 items. Item i has genres i % 6 and
// (i + 2) % 6; items with small ids are rated by more users, so popularity varies.
inline QString writeSyntheticDataset(const QString& dir, int users = 30, int items = 40)
{
    QByteArray item = "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n";
    for (int i = 1; i <= items; ++i)
        item += QByteArray::number(i) + "\tMovie " + QByteArray::number(i) + "\t1990\t"
                + kGenres[i % 6].toUtf8() + ' ' + kGenres[(i + 2) % 6].toUtf8() + '\n';
    QByteArray inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";
    for (int u = 1; u <= users; ++u) {
        const int count = 20 + u % 6;
        for (int k = 0; k < count; ++k) {
            static const int kSteps[] = {1, 3, 7, 9, 11}; // coprime with 40: no repeated item
            const int i = 1 + (k * kSteps[u % 5] + u) % items;
            const int rating = 1 + (u * 7 + i * 3) % 5;
            inter += QByteArray::number(u) + '\t' + QByteArray::number(i) + '\t' + QByteArray::number(rating) + '\t'
                     + QByteArray::number(1000000 + u * 1000 + k * 10) + '\n';
        }
    }
    QDir().mkpath(dir);
    writeText(QDir(dir).filePath("synthetic.item"), item);
    writeText(QDir(dir).filePath("synthetic.inter"), inter);
    return dir;
}

// A RecBole folder whose .inter header lacks the rating and timestamp columns.
inline QString writeBrokenDataset(const QString& dir)
{
    QDir().mkpath(dir);
    writeText(QDir(dir).filePath("broken.item"), "item_id:token\tmovie_title:token_seq\tclass:token_seq\n1\tA\tDrama\n");
    writeText(QDir(dir).filePath("broken.inter"), "user_id:token\tsomething_else\n1\t1\n");
    return dir;
}

} // namespace uitest
