#include "core/data/dataset_loader.h"

#include "core/common/error.h"
#include "core/data/dataset_builder.h"

#include <algorithm>
#include <filesystem>

namespace persona::data {

namespace {

namespace fs = std::filesystem;

bool has(const fs::path& dir, const char* name)
{
    std::error_code ec;
    return fs::is_regular_file(dir / name, ec);
}

// The single *.inter file of a folder (sorted by name when there are several: the first).
std::optional<fs::path> interFileIn(const fs::path& dir)
{
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".inter")
            found.push_back(entry.path());
    }
    if (found.empty())
        return std::nullopt;
    std::sort(found.begin(), found.end());
    return found.front();
}

// The folder or file the format reader wants.
std::string readerPath(const std::string& path, DatasetFormat format)
{
    const fs::path p(path);
    std::error_code ec;
    const bool isDir = fs::is_directory(p, ec);
    switch (format) {
    case DatasetFormat::RecBole:
        return isDir ? interFileIn(p)->string() : p.string();
    case DatasetFormat::JsonLines:
        return p.string();
    default:
        return isDir ? p.string() : p.parent_path().string();
    }
}

} // namespace

DatasetFormat detectFormat(const std::string& path)
{
    const fs::path p(path);
    std::error_code ec;
    if (!fs::exists(p, ec))
        throw IoError(path + ": no such file or folder");
    if (fs::is_directory(p, ec)) {
        if (has(p, "u.data"))
            return DatasetFormat::MovieLens100K;
        if (has(p, "ratings.dat"))
            return DatasetFormat::MovieLens1M;
        if (has(p, "ratings.csv"))
            return DatasetFormat::MovieLensCsv;
        if (interFileIn(p))
            return DatasetFormat::RecBole;
        throw ConfigError(path + ": unknown dataset folder (expected u.data (ml-100k), ratings.dat (ml-1m), "
                                 "ratings.csv (ml-latest) or a RecBole *.inter file)");
    }
    const std::string name = p.filename().string();
    const std::string ext = p.extension().string();
    if (ext == ".inter")
        return DatasetFormat::RecBole;
    if (ext == ".jsonl" || ext == ".json" || ext == ".ndjson")
        return DatasetFormat::JsonLines;
    if (name == "u.data" || name == "u.item")
        return DatasetFormat::MovieLens100K;
    if (name == "ratings.dat" || name == "movies.dat")
        return DatasetFormat::MovieLens1M;
    if (name == "ratings.csv" || name == "movies.csv")
        return DatasetFormat::MovieLensCsv;
    throw ConfigError(path + ": unknown dataset file (expected *.inter, *.jsonl, u.data, ratings.dat or ratings.csv)");
}

std::string resolveDatasetPath(const std::string& spec, const std::string& dataDir)
{
    std::error_code ec;
    if (fs::exists(spec, ec))
        return spec;
    if (spec.find('/') == std::string::npos && !dataDir.empty()) {
        const fs::path candidate = fs::path(dataDir) / spec;
        if (fs::exists(candidate, ec))
            return candidate.string();
        throw ConfigError("dataset '" + spec + "' is neither a path nor a dataset in " + dataDir +
                          " (`persona info` says where the default files are looked for and how to fetch them)");
    }
    throw ConfigError(spec + ": no such dataset file or folder");
}

Dataset loadDataset(const std::string& path, const LoadOptions& options)
{
    const DatasetFormat format = detectFormat(path);
    const std::string target = readerPath(path, format);
    switch (format) {
    case DatasetFormat::RecBole: return detail::readRecBole(target, options);
    case DatasetFormat::MovieLens100K: return detail::readMovieLens100K(target, options);
    case DatasetFormat::MovieLens1M: return detail::readMovieLens1M(target, options);
    case DatasetFormat::MovieLensCsv: return detail::readMovieLensCsv(target, options);
    case DatasetFormat::JsonLines: return detail::readJsonLines(target, options);
    }
    throw ConfigError(path + ": unknown dataset format");
}

} // namespace persona::data
