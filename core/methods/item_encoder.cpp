#include "core/methods/item_encoder.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/mapped_file.h"
#include "core/data/genre_task.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace persona::methods {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

std::uint64_t hashFile(const std::string& path, std::uint64_t h)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path + ": cannot open for hashing");
    std::vector<char> buf(1 << 20);
    std::uint64_t total = 0;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            std::uint64_t v;
            std::memcpy(&v, buf.data() + i, 8);
            h = mix(h, v);
        }
        for (; i < n; ++i)
            h = mix(h, static_cast<unsigned char>(buf[i]));
        total += n;
    }
    if (in.bad())
        throw IoError(path + ": read error while hashing");
    return mix(h, total);
}

} // namespace

std::string fileContentHash(const std::string& fileOrFolder)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    std::uint64_t h = 0x6A09E667F3BCC908ull;
    if (fs::is_directory(fileOrFolder, ec)) {
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(fileOrFolder, ec))
            if (e.is_regular_file())
                files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string name = fs::path(f).filename().string();
            // Only what defines the weights and their shapes.
            if (name.find(".safetensors") == std::string::npos && name != "config.json")
                continue;
            for (char c : name)
                h = mix(h, static_cast<unsigned char>(c));
            h = hashFile(f, h);
        }
    } else if (fs::is_regular_file(fileOrFolder, ec)) {
        h = hashFile(fileOrFolder, h);
    } else {
        throw IoError(fileOrFolder + ": no such file or folder to hash");
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

std::vector<std::string> ItemParts::names() const
{
    std::vector<std::string> n;
    if (title)
        n.push_back("title");
    if (genres)
        n.push_back("genres");
    if (description)
        n.push_back("description");
    if (rating)
        n.push_back("rating");
    return n;
}

std::size_t ItemParts::count() const
{
    return names().size();
}

void itemSignals(const data::Dataset& ds, const data::Interaction& interaction, std::size_t genreCount, float* out)
{
    const std::size_t g = genreCount;
    std::fill(out, out + 2 * g + 1, 0.0f);
    if (interaction.item >= ds.items.size())
        throw ShapeError("itemSignals: item index " + std::to_string(interaction.item) + " outside the dataset's " +
                         std::to_string(ds.items.size()) + " items");
    const float centred = interaction.hasRating() ? std::clamp((interaction.rating - 3.0f) / 2.0f, -1.0f, 1.0f) : 0.0f;
    for (std::uint16_t genre : ds.items[interaction.item].genres) {
        if (genre >= g)
            throw ShapeError("itemSignals: genre index " + std::to_string(genre) + " outside the " + std::to_string(g) +
                             " genres the adapter was built for");
        out[genre] = 1.0f;
        out[g + genre] = centred;
    }
    out[2 * g] = centred;
}

HistoryEncoder::HistoryEncoder(nn::BertEncoderImpl& encoder, const tokenizers::Tokenizer& tokenizer,
                               const std::string& encoderKey, const std::string& cacheDir, ItemParts parts,
                               std::size_t genreCount)
    : m_encoder(encoder), m_tokenizer(tokenizer), m_parts(parts), m_genreCount(genreCount), m_dim(encoder.config().hidden),
      m_cache(cacheDir, encoderKey, encoder.config().hidden)
{
    if (m_parts.count() == 0 && !m_parts.signalBlock)
        throw ConfigError("HistoryEncoder: at least one item part (title, genres, description, rating, signals) is needed");
}

std::vector<std::string> HistoryEncoder::partTexts(const data::Dataset& ds, const data::Interaction& interaction) const
{
    std::vector<std::string> texts;
    auto one = [&](int which) {
        data::ItemTextOptions o;
        o.title = which == 0;
        o.genres = which == 1;
        o.description = which == 2;
        o.rating = which == 3;
        o.tags = false;
        texts.push_back(data::itemText(ds, interaction, o));
    };
    if (m_parts.title)
        one(0);
    if (m_parts.genres)
        one(1);
    if (m_parts.description)
        one(2);
    if (m_parts.rating)
        one(3);
    return texts;
}

torch::Tensor HistoryEncoder::encodeTexts(const std::vector<std::string>& texts)
{
    const auto n = static_cast<std::int64_t>(texts.size());
    torch::Tensor out = torch::zeros({n, m_dim}, torch::kFloat32);
    float* o = out.data_ptr<float>();
    std::vector<std::string> missing;
    std::vector<std::size_t> missingRows;
    std::unordered_map<std::string, std::size_t> pending;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].empty() || m_cache.find(texts[i], o + i * m_dim))
            continue;
        if (!pending.count(texts[i])) {
            pending.emplace(texts[i], missing.size());
            missing.push_back(texts[i]);
        }
        missingRows.push_back(i);
    }
    if (missing.empty())
        return out;
    torch::NoGradGuard noGrad;
    for (std::size_t start = 0; start < missing.size(); start += static_cast<std::size_t>(batchSize)) {
        const std::size_t end = std::min(missing.size(), start + static_cast<std::size_t>(batchSize));
        std::vector<std::string> chunk(missing.begin() + static_cast<std::ptrdiff_t>(start),
                                       missing.begin() + static_cast<std::ptrdiff_t>(end));
        const auto batch = m_tokenizer.encodeBatch(chunk, true, maxTokens);
        const auto b = static_cast<std::int64_t>(batch.ids.size());
        const auto s = static_cast<std::int64_t>(batch.ids.front().size());
        torch::Tensor ids = torch::empty({b, s}, torch::kInt64);
        torch::Tensor mask = torch::empty({b, s}, torch::kInt64);
        auto idsA = ids.accessor<std::int64_t, 2>();
        auto maskA = mask.accessor<std::int64_t, 2>();
        for (std::int64_t r = 0; r < b; ++r)
            for (std::int64_t c = 0; c < s; ++c) {
                idsA[r][c] = batch.ids[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
                maskA[r][c] = batch.attentionMask[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            }
        torch::Tensor emb = m_encoder.encode(ids.to(m_encoder.device()), mask.to(m_encoder.device()))
                                .to(torch::kCPU, torch::kFloat32)
                                .contiguous();
        for (std::int64_t r = 0; r < b; ++r)
            m_cache.insert(chunk[r], emb.data_ptr<float>() + r * m_dim);
        m_encoded += static_cast<std::size_t>(b);
    }
    for (std::size_t row : missingRows)
        m_cache.find(texts[row], o + row * m_dim);
    m_cache.flush();
    return out;
}

torch::Tensor HistoryEncoder::encodeHistory(const data::Dataset& ds, const data::User& user,
                                            const std::vector<std::size_t>& positions)
{
    std::vector<std::string> texts;
    for (std::size_t pos : positions) {
        if (pos >= user.history.size())
            throw ConfigError("HistoryEncoder: history position " + std::to_string(pos) + " is outside user " + user.key +
                              "'s " + std::to_string(user.history.size()) + " items");
        const auto parts = partTexts(ds, user.history[pos]);
        texts.insert(texts.end(), parts.begin(), parts.end());
    }
    const auto n = static_cast<std::int64_t>(positions.size());
    const torch::Tensor text = encodeTexts(texts).reshape({n, m_dim * static_cast<std::int64_t>(m_parts.count())});
    if (!m_parts.signalBlock)
        return text;
    torch::Tensor sig = torch::zeros({n, signalDim()}, torch::kFloat32);
    for (std::int64_t i = 0; i < n; ++i)
        itemSignals(ds, user.history[positions[static_cast<std::size_t>(i)]], m_genreCount,
                    sig.data_ptr<float>() + i * signalDim());
    return torch::cat({text, sig}, 1);
}

} // namespace persona::methods
