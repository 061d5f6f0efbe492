// The dataset as the views see it: the core's Dataset plus what they show per user (genre labels
// and split), computed once off the GUI thread and then shared read-only between views.
// Leaves out loading in a thread (dataset_worker.h).
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"
#include "core/data/genre_task.h"
#include "core/data/sampling.h"
#include "core/data/user_split.h"

#include <nlohmann/json.hpp>

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace persona::ui {

struct LoadedDataset {
    data::Dataset dataset;
    std::vector<data::GenreLabels> labels; // per user, default label config
    std::vector<int> split;                // per user: -1 (no labels, not split), else data::Split
    QString path;
    std::uint32_t minItemRatings = 20; // the loader's item filter it was read with
    double loadSeconds = 0.0;
};

using DatasetPtr = std::shared_ptr<const LoadedDataset>;

// Loads and prepares the dataset at path (the core's loader, genre task and default split).
// Throws what data::loadDataset throws (persona::Error subclasses naming the file and line).
DatasetPtr loadPreparedDataset(const QString& path, const data::LoadOptions& options = {});

// "Action, Comedy" for genre indices of ds; empty for none.
QString genreList(const data::Dataset& ds, const std::vector<std::uint16_t>& genres);
// Translated name of a split value of LoadedDataset::split ("—" for -1).
QString splitLabel(int split);
// Whether two paths name the same dataset: the same file or folder once links and ".." are
// resolved, or a folder and the file in it that the loader read (a path that does not exist is
// compared as written).
bool sameDataset(const QString& a, const QString& b);
// The dataset a run read its users from, when it is not the loaded one (sameDataset); empty when it
// is, or when either is unknown. The views' "trained on another dataset" notices.
QString otherDataset(const std::string& runDataset, const QString& loaded);
// "Drama, Comedy" for names; "—" for none.
QString nameList(const std::vector<std::string>& names);
// Tags as typed ("a, b,, c ") -> ["a", "b", "c"]; and as the store keeps them (a JSON array).
QStringList tagsFromText(const QString& text);
nlohmann::json tagsJson(const QStringList& tags);
// Translated display name of a sampling strategy ("Top-K Popularity").
QString samplingLabel(data::SamplingStrategy strategy);

} // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::DatasetPtr)
