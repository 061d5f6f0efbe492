// Helpers shared by the nn and runtime tests: fixture JSON reading, nested JSON arrays to tensors,
// and checking that a call throws a given error type whose message names what it must.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <QtTest/QtTest>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace nn_test {

inline std::string dataPath(const std::string& rel)
{
    return std::string(PERSONA_TEST_DATA) + "/nn/" + rel;
}

inline nlohmann::json readJson(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open fixture " + path);
    return nlohmann::json::parse(in);
}

// [[...], ...] of integers -> int64 tensor [rows, cols]
inline torch::Tensor longMatrix(const nlohmann::json& rows)
{
    std::vector<std::int64_t> flat;
    for (const auto& row : rows)
        for (const auto& v : row)
            flat.push_back(v.get<std::int64_t>());
    return torch::tensor(flat, torch::kInt64).view({static_cast<std::int64_t>(rows.size()), -1});
}

inline torch::Tensor floatVector(const nlohmann::json& values)
{
    return torch::tensor(values.get<std::vector<float>>(), torch::kFloat32);
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// Runs `fn`; passes when it throws E and the message contains every string in `needles`.
template <typename E>
bool throwsNaming(const std::function<void()>& fn, const std::vector<std::string>& needles, std::string* message = nullptr)
{
    try {
        fn();
    } catch (const E& e) {
        const std::string what = e.what();
        if (message)
            *message = what;
        for (const auto& n : needles)
            if (what.find(n) == std::string::npos) {
                qWarning("message '%s' does not contain '%s'", what.c_str(), n.c_str());
                return false;
            }
        return true;
    } catch (const std::exception& e) {
        qWarning("wrong exception type: %s", e.what());
        return false;
    }
    qWarning("no exception thrown");
    return false;
}

} // namespace nn_test
