#include "DossierSim.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "OidcProvider.h"

namespace citysim {
namespace {

using json = nlohmann::json;
constexpr const char* kBase = "/dvc/v1";
constexpr const char* kJson = "application/json; charset=utf-8";

// City time (+07:00), `days` after `now` at hh:mm.
std::string cityTime(std::chrono::system_clock::time_point now, int days, int hour, int minute) {
    const auto shifted = now + std::chrono::hours(7 + 24 * days);
    const std::time_t seconds = std::chrono::system_clock::to_time_t(shifted);
    std::tm at{};
    gmtime_r(&seconds, &at);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:00+07:00", at.tm_year + 1900, at.tm_mon + 1, at.tm_mday,
                  hour, minute);
    return text;
}

std::string codeFor(const std::string& agency, const std::string& receivedAt, int sequence) {
    // yymmdd of the receipt day, as on the paper receipt.
    char text[128];
    std::snprintf(text, sizeof text, "%s-%.2s%.2s%.2s-%04d", agency.c_str(), receivedAt.c_str() + 2, receivedAt.c_str() + 5,
                  receivedAt.c_str() + 8, sequence);
    return text;
}

json toJson(const DossierSim::Dossier& d) {
    json out = {{"code", d.code},   {"procedure", d.procedure}, {"agency", d.agency},
                {"status", d.status}, {"step", d.step},          {"received_at", d.receivedAt}};
    out["appointment_at"] = d.appointmentAt.empty() ? json(nullptr) : json(d.appointmentAt);
    out["completed_at"] = d.completedAt.empty() ? json(nullptr) : json(d.completedAt);
    return out;
}

void send(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), kJson);
}

}  // namespace

DossierSim::DossierSim(const OidcProvider& oidc, std::chrono::system_clock::time_point now) : oidc_(oidc) {
    const std::string mine = OidcProvider::Citizen{}.citizenId;  // the simulated resident
    const std::string ward = "UBND phường (mô phỏng)";
    struct Seed {
        const char* agency;
        const char* procedure;
        const char* status;
        const char* step;
        int receivedDaysAgo;
        int appointmentIn;  // days from now; 99: none
        int completedDaysAgo;  // -1: not completed
        bool owned;
    };
    const Seed seeds[] = {
        {"H29.22", "Đăng ký khai sinh (mô phỏng)", "processing", "Đang thẩm định hồ sơ (mô phỏng)", 3, 2, -1, true},
        {"H29.22", "Chứng thực bản sao từ bản chính (mô phỏng)", "returned", "Đã trả kết quả (mô phỏng)", 10, 99, 9, true},
        {"H29.22", "Đăng ký kết hôn (mô phỏng)", "supplement", "Cần bổ sung giấy xác nhận tình trạng hôn nhân (mô phỏng)", 6, 4, -1, false},
        {"H29.30", "Cấp giấy phép xây dựng nhà ở riêng lẻ (mô phỏng)", "received", "Đã tiếp nhận, chờ phân công (mô phỏng)", 1, 14, -1, false},
        {"H29.22", "Đăng ký thường trú (mô phỏng)", "completed", "Đã có kết quả, mời đến nhận (mô phỏng)", 8, -1, 1, true},
    };
    int sequence = 1;
    for (const auto& s : seeds) {
        Dossier d;
        d.agency = s.agency == std::string("H29.30") ? std::string("Phòng Quản lý đô thị (mô phỏng)") : ward;
        d.procedure = s.procedure;
        d.status = s.status;
        d.step = s.step;
        d.receivedAt = cityTime(now, -s.receivedDaysAgo, 9, 15);
        if (s.appointmentIn != 99) d.appointmentAt = cityTime(now, s.appointmentIn, 16, 0);
        if (s.completedDaysAgo >= 0) d.completedAt = cityTime(now, -s.completedDaysAgo, 10, 30);
        d.code = codeFor(s.agency, d.receivedAt, sequence++);
        d.ownerCitizenId = s.owned ? mine : "079199000456";
        dossiers_.push_back(std::move(d));
    }
}

std::vector<DossierSim::Dossier> DossierSim::dossiers() const {
    std::lock_guard lock(mutex_);
    return dossiers_;
}

bool DossierSim::update(const Dossier& dossier) {
    std::lock_guard lock(mutex_);
    for (auto& d : dossiers_)
        if (d.code == dossier.code) {
            d = dossier;
            return true;
        }
    return false;
}

std::vector<DossierSim::Rating> DossierSim::ratings() const {
    std::lock_guard lock(mutex_);
    return ratings_;
}

void DossierSim::setRatingsFailing(bool failing) {
    std::lock_guard lock(mutex_);
    ratingsFailing_ = failing;
}

std::size_t DossierSim::ratingRequests() const {
    std::lock_guard lock(mutex_);
    return ratingRequests_;
}

void DossierSim::registerRoutes(httplib::Server& server) {
    const std::string base = kBase;
    server.Post(base + R"(/dossiers/([^/]+)/ratings)", [this](const httplib::Request& req, httplib::Response& res) {
        const std::string code = req.matches[1].str();
        const std::string key = req.get_header_value("Idempotency-Key");
        std::lock_guard lock(mutex_);
        ++ratingRequests_;
        if (ratingsFailing_) {
            res.set_header("Retry-After", "1");
            return send(res, 503, json::array({{{"code", 503}, {"description", "hệ thống đang bảo trì (mô phỏng)"}}}));
        }
        auto refuse = [&](int status, const std::string& description) {
            const json body = json::array({{{"code", status}, {"description", description}}});
            if (!key.empty()) answered_[key] = {status, body.dump()};
            send(res, status, body);
        };
        if (key.empty() || key.size() > 100) return refuse(400, "thiếu Idempotency-Key (mô phỏng)");
        if (const auto it = answered_.find(key); it != answered_.end()) {
            // The same request again (the answer was lost on the way): the same answer.
            res.status = it->second.status;
            res.set_content(it->second.body, kJson);
            return;
        }
        const json body = json::parse(req.body, nullptr, false);
        if (!body.is_object() || !body.contains("level") || !body["level"].is_number_integer())
            return refuse(400, "level: phải là số từ 1 đến 5 (mô phỏng)");
        const auto level = body["level"].get<std::int64_t>();
        if (level < 1 || level > 5) return refuse(422, "level: phải là số từ 1 đến 5 (mô phỏng)");
        std::string comment;
        if (body.contains("comment") && !body["comment"].is_null()) {
            if (!body["comment"].is_string()) return refuse(400, "comment: phải là chuỗi (mô phỏng)");
            comment = body["comment"].get<std::string>();
            std::size_t characters = 0;
            for (const char c : comment)
                if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
            if (characters > 500) return refuse(422, "comment: tối đa 500 ký tự (mô phỏng)");
        }
        auto text = [&](const char* name) {
            return body.contains(name) && body[name].is_string() ? body[name].get<std::string>() : std::string();
        };
        const std::string ratedAt = text("rated_at");
        if (ratedAt.size() < 20 || ratedAt[10] != 'T') return refuse(422, "rated_at: không phải thời gian ISO 8601 (mô phỏng)");
        const auto dossier = std::find_if(dossiers_.begin(), dossiers_.end(), [&](const Dossier& d) { return d.code == code; });
        if (dossier == dossiers_.end()) return refuse(404, "code: không có hồ sơ này (mô phỏng)");
        if (dossier->status != "completed")
            return refuse(422, "Hồ sơ chưa hoàn thành nên chưa thể đánh giá (mô phỏng)");
        if (std::any_of(ratings_.begin(), ratings_.end(), [&](const Rating& r) { return r.dossierCode == code; }))
            return refuse(409, "Hồ sơ này đã được đánh giá (mô phỏng)");
        Rating rating;
        char id[32];
        std::snprintf(id, sizeof id, "DG-%06zu", ratings_.size() + 1);
        rating.id = id;
        rating.dossierCode = code;
        rating.level = static_cast<int>(level);
        rating.comment = comment;
        rating.ratedAt = ratedAt;
        rating.kioskId = text("kiosk_id");
        rating.idempotencyKey = key;
        ratings_.push_back(rating);
        const json answer = {{"id", rating.id}, {"code", code}};
        answered_[key] = {201, answer.dump()};
        send(res, 201, answer);
    });
    server.Get(base + R"(/dossiers/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
        const std::string code = req.matches[1].str();
        std::lock_guard lock(mutex_);
        for (const auto& d : dossiers_)
            if (d.code == code) return send(res, 200, toJson(d));
        send(res, 404, json::array({{{"code", 404}, {"description", "code: không có hồ sơ này (mô phỏng)"}}}));
    });
    server.Get(base + "/dossiers", [this](const httplib::Request& req, httplib::Response& res) {
        const std::string authorization = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        const auto who = authorization.rfind(prefix, 0) == 0 ? oidc_.citizenFor(authorization.substr(prefix.size()))
                                                             : std::nullopt;
        if (!who) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"dvc\", error=\"invalid_token\"");
            return send(res, 401, json::array({{{"code", 401}, {"description", "cần đăng nhập VNeID"}}}));
        }
        std::vector<Dossier> own;
        {
            std::lock_guard lock(mutex_);
            for (const auto& d : dossiers_)
                if (d.ownerCitizenId == who->citizenId) own.push_back(d);
        }
        // Newest first (the times share one offset, so the text sorts as the time).
        std::sort(own.begin(), own.end(), [](const Dossier& a, const Dossier& b) { return a.receivedAt > b.receivedAt; });
        json list = json::array();
        for (const auto& d : own) list.push_back(toJson(d));
        send(res, 200, {{"dossiers", list}});
    });
}

}  // namespace citysim
