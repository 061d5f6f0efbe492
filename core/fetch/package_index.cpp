// The text side of fetching: the manifest, PEP 503 names and the simple API's project pages.
#include "core/fetch/package_fetch.h"

#include "core/common/error.h"
#include "core/fetch/builtin_manifest.h" // generated from models/manifest.json

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace persona::fetch {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isHex64(const std::string& s)
{
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// A member or file path that stays inside its folder: relative, no "..", no empty segment.
bool isSafeRelativePath(const std::string& p)
{
    if (p.empty() || p.front() == '/' || p.find('\\') != std::string::npos || p.find('\0') != std::string::npos)
        return false;
    std::size_t start = 0;
    while (start <= p.size()) {
        const std::size_t end = std::min(p.find('/', start), p.size());
        const std::string seg = p.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..")
            return false;
        start = end + 1;
    }
    return true;
}

std::string decodeEntities(const std::string& s)
{
    static const std::pair<const char*, char> kEntities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                                                             {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}};
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        bool matched = false;
        if (s[i] == '&') {
            for (const auto& [name, c] : kEntities) {
                const std::size_t n = std::char_traits<char>::length(name);
                if (s.compare(i, n, name) == 0) {
                    out += c;
                    i += n;
                    matched = true;
                    break;
                }
            }
        }
        if (!matched)
            out += s[i++];
    }
    return out;
}

// "." and ".." segments of an absolute path resolved (RFC 3986, 5.2.4).
std::string removeDotSegments(const std::string& path)
{
    std::vector<std::string> out;
    std::size_t start = 1; // path starts with '/'
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string seg = path.substr(start, end - start);
        if (seg == "..") {
            if (!out.empty())
                out.pop_back();
            if (end == path.size())
                out.emplace_back();
        } else if (seg == ".") {
            if (end == path.size())
                out.emplace_back();
        } else {
            out.push_back(seg);
        }
        start = end + 1;
    }
    std::string r;
    for (const std::string& seg : out)
        r += "/" + seg;
    return r.empty() ? "/" : r;
}

} // namespace

std::vector<ManifestEntry> parseManifest(const std::string& text, const std::string& source)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(source + ": not JSON (" + e.what() + ")");
    }
    if (!doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array())
        throw FormatError(source + ": no \"entries\" list");
    std::vector<ManifestEntry> entries;
    const auto& list = doc["entries"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& e = list[i];
        const std::string where = source + ": entries[" + std::to_string(i) + "]";
        if (!e.is_object())
            throw FormatError(where + " is not an object");
        auto field = [&](const char* key, bool required) {
            if (!e.contains(key)) {
                if (required)
                    throw FormatError(where + " has no \"" + key + "\"");
                return std::string();
            }
            if (!e[key].is_string())
                throw FormatError(where + "." + key + " is not a string");
            return e[key].get<std::string>();
        };
        ManifestEntry m;
        m.name = field("name", false);
        m.package = field("package", true);
        m.version = field("version", true);
        m.member = field("member", true);
        m.file = field("file", true);
        m.sha256 = lower(field("sha256", true));
        m.license = field("license", false);
        if (!isHex64(m.sha256))
            throw FormatError(where + ".sha256 is not 64 hexadecimal digits: " + m.sha256);
        if (!isSafeRelativePath(m.file))
            throw FormatError(where + ".file must be a relative path inside the models folder: " + m.file);
        if (!isSafeRelativePath(m.member))
            throw FormatError(where + ".member must be a relative path inside the wheel: " + m.member);
        if (m.package.empty() || m.version.empty())
            throw FormatError(where + " has an empty package or version");
        entries.push_back(std::move(m));
    }
    return entries;
}

const std::vector<ManifestEntry>& builtinManifest()
{
    static const std::vector<ManifestEntry> entries = parseManifest(kBuiltinManifest, "models/manifest.json (built in)");
    return entries;
}

std::string normalizePackageName(const std::string& name)
{
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (out.empty() || out.back() != '-')
                out += '-';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

std::string resolveUrl(const std::string& pageUrl, const std::string& href)
{
    const std::size_t scheme = href.find("://");
    if (scheme != std::string::npos && href.find('/') > scheme)
        return href; // absolute
    const std::size_t pageScheme = pageUrl.find("://");
    if (pageScheme == std::string::npos)
        throw ConfigError("not an absolute URL: " + pageUrl);
    const std::size_t hostEnd = std::min(pageUrl.find('/', pageScheme + 3), pageUrl.size());
    const std::string origin = pageUrl.substr(0, hostEnd);
    if (href.rfind("//", 0) == 0)
        return pageUrl.substr(0, pageScheme + 1) + href;
    std::string fragment;
    std::string target = href;
    if (const std::size_t hash = target.find('#'); hash != std::string::npos) {
        fragment = target.substr(hash);
        target.resize(hash);
    }
    std::string pagePath = pageUrl.substr(hostEnd);
    if (const std::size_t q = pagePath.find_first_of("?#"); q != std::string::npos)
        pagePath.resize(q);
    if (pagePath.empty())
        pagePath = "/";
    std::string path;
    if (target.empty())
        path = pagePath;
    else if (target.front() == '/')
        path = target;
    else
        path = pagePath.substr(0, pagePath.rfind('/') + 1) + target;
    std::string query;
    if (const std::size_t q = path.find('?'); q != std::string::npos) {
        query = path.substr(q);
        path.resize(q);
    }
    return origin + removeDotSegments(path) + query + fragment;
}

std::vector<IndexLink> parseSimpleIndex(const std::string& html, const std::string& pageUrl)
{
    std::vector<IndexLink> links;
    const std::string lowerHtml = lower(html);
    std::size_t pos = 0;
    while ((pos = lowerHtml.find("<a", pos)) != std::string::npos) {
        const std::size_t end = lowerHtml.find('>', pos);
        if (end == std::string::npos)
            break;
        const std::size_t attr = lowerHtml.find("href", pos);
        pos = end + 1;
        if (attr == std::string::npos || attr > end)
            continue;
        std::size_t v = attr + 4;
        while (v < end && std::isspace(static_cast<unsigned char>(html[v])))
            ++v;
        if (v >= end || html[v] != '=')
            continue;
        ++v;
        while (v < end && std::isspace(static_cast<unsigned char>(html[v])))
            ++v;
        std::string href;
        if (v < end && (html[v] == '"' || html[v] == '\'')) {
            const std::size_t close = html.find(html[v], v + 1);
            if (close == std::string::npos || close > end)
                continue;
            href = html.substr(v + 1, close - v - 1);
        } else {
            std::size_t e = v;
            while (e < end && !std::isspace(static_cast<unsigned char>(html[e])))
                ++e;
            href = html.substr(v, e - v);
        }
        href = decodeEntities(href);
        if (href.empty())
            continue;
        IndexLink link;
        std::string url = resolveUrl(pageUrl, href);
        if (const std::size_t hash = url.find('#'); hash != std::string::npos) {
            const std::string fragment = url.substr(hash + 1);
            if (fragment.rfind("sha256=", 0) == 0)
                link.sha256 = lower(fragment.substr(7));
            url.resize(hash);
        }
        std::string path = url.substr(0, url.find('?'));
        link.filename = path.substr(path.rfind('/') + 1);
        link.url = url;
        links.push_back(std::move(link));
    }
    return links;
}

const IndexLink* findWheel(const std::vector<IndexLink>& links, const std::string& package, const std::string& version)
{
    const std::string want = normalizePackageName(package);
    for (const IndexLink& link : links) {
        const std::string& f = link.filename;
        if (f.size() < 4 || lower(f.substr(f.size() - 4)) != ".whl")
            continue;
        // <distribution>-<version>(-<build>)?-<python>-<abi>-<platform>.whl; the name has no '-'.
        const std::size_t dash = f.find('-');
        if (dash == std::string::npos)
            continue;
        const std::size_t dash2 = f.find('-', dash + 1);
        if (dash2 == std::string::npos)
            continue;
        if (normalizePackageName(f.substr(0, dash)) == want && f.substr(dash + 1, dash2 - dash - 1) == version)
            return &link;
    }
    return nullptr;
}

std::string defaultIndexUrl()
{
    for (const char* var : {"PERSONA_INDEX_URL", "PIP_INDEX_URL"}) {
        const char* v = std::getenv(var);
        if (v && *v) {
            std::string url = v;
            while (!url.empty() && url.back() == '/')
                url.pop_back();
            return url;
        }
    }
    return "https://pypi.org/simple";
}

} // namespace persona::fetch
