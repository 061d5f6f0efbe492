#include "ui/workers/loaded_dataset.h"

#include <QDir>
#include <QFileInfo>

#include <QCoreApplication>
#include <QElapsedTimer>

namespace persona::ui {

DatasetPtr loadPreparedDataset(const QString& path, const data::LoadOptions& options)
{
    QElapsedTimer timer;
    timer.start();
    auto out = std::make_shared<LoadedDataset>();
    out->path = path;
    out->minItemRatings = options.minItemRatings;
    out->dataset = data::loadDataset(path.toStdString(), options);
    const data::Dataset& ds = out->dataset;
    out->labels.reserve(ds.users.size());
    for (const data::User& user : ds.users)
        out->labels.push_back(data::genreLabels(ds, user));
    out->split.assign(ds.users.size(), -1);
    const data::UserSplit split = data::splitUsers(ds);
    for (data::Split part : {data::Split::Train, data::Split::Validation, data::Split::Test})
        for (std::size_t u : split.part(part))
            out->split[u] = static_cast<int>(part);
    out->loadSeconds = static_cast<double>(timer.elapsed()) / 1000.0;
    return out;
}

QString genreList(const data::Dataset& ds, const std::vector<std::uint16_t>& genres)
{
    QStringList names;
    for (std::uint16_t g : genres)
        if (g < ds.genres.size())
            names << QString::fromStdString(ds.genres[g]);
    return names.join(QStringLiteral(", "));
}

QString splitLabel(int split)
{
    switch (split) {
    case static_cast<int>(data::Split::Train): return QCoreApplication::translate("persona::ui", "train");
    case static_cast<int>(data::Split::Validation): return QCoreApplication::translate("persona::ui", "validation");
    case static_cast<int>(data::Split::Test): return QCoreApplication::translate("persona::ui", "test");
    default: return QStringLiteral("—");
    }
}

QString samplingLabel(data::SamplingStrategy strategy)
{
    switch (strategy) {
    case data::SamplingStrategy::Recency: return QCoreApplication::translate("persona::ui", "Recency");
    case data::SamplingStrategy::Random: return QCoreApplication::translate("persona::ui", "Random");
    case data::SamplingStrategy::LongTail: return QCoreApplication::translate("persona::ui", "Long Tail");
    case data::SamplingStrategy::TopKPopularity: return QCoreApplication::translate("persona::ui", "Top-K Popularity");
    case data::SamplingStrategy::GenreSample: return QCoreApplication::translate("persona::ui", "Genre Sample");
    case data::SamplingStrategy::Retrieval: return QCoreApplication::translate("persona::ui", "Retrieval");
    }
    return {};
}

bool sameDataset(const QString& a, const QString& b)
{
    const auto canonical = [](const QString& path) {
        const QString c = QFileInfo(path).canonicalFilePath();
        return c.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath()) : c;
    };
    const QString ca = canonical(a), cb = canonical(b);
    if (ca == cb)
        return true;
    // A dataset read from a folder reports the file it read in it (RecBole's .inter file).
    const QFileInfo fa(ca), fb(cb);
    return (fa.isFile() && fb.isDir() && fa.absolutePath() == cb) || (fb.isFile() && fa.isDir() && fb.absolutePath() == ca);
}

QString otherDataset(const std::string& runDataset, const QString& loaded)
{
    const QString run = QString::fromStdString(runDataset);
    return run.isEmpty() || loaded.isEmpty() || sameDataset(run, loaded) ? QString() : run;
}

QString nameList(const std::vector<std::string>& names)
{
    QStringList parts;
    for (const std::string& n : names)
        parts << QString::fromStdString(n);
    return parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", "));
}

QStringList tagsFromText(const QString& text)
{
    QStringList tags;
    for (const QString& t : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString trimmed = t.trimmed(); !trimmed.isEmpty())
            tags << trimmed;
    return tags;
}

nlohmann::json tagsJson(const QStringList& tags)
{
    nlohmann::json j = nlohmann::json::array();
    for (const QString& t : tags)
        j.push_back(t.toStdString());
    return j;
}

} // namespace persona::ui
