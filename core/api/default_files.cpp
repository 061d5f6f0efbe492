#include "core/api/default_files.h"

#include <algorithm>

namespace persona::api {

std::vector<DefaultFile> defaultFiles(const std::string& modelsDir)
{
    const auto& entries = fetch::builtinManifest();
    const std::vector<fetch::ManifestEntry> missing = fetch::missingEntries(entries, modelsDir);
    std::vector<DefaultFile> files;
    for (const fetch::ManifestEntry& e : entries) {
        DefaultFile f{e.name, e.file, e.package, e.version, e.license, true};
        f.present = std::none_of(missing.begin(), missing.end(), [&](const fetch::ManifestEntry& m) { return m.file == e.file; });
        files.push_back(std::move(f));
    }
    return files;
}

std::string defaultIndexUrl()
{
    return fetch::defaultIndexUrl();
}

FetchReport fetchDefaultFiles(const FetchOptions& options)
{
    return fetch::fetchEntries(fetch::builtinManifest(), options);
}

} // namespace persona::api
