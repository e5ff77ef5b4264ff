#include "storage/Database.h"

#include <system_error>

namespace kiosk {
namespace {
[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
    std::string message = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    throw SqliteError(code, message);
}
}  // namespace

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bindPointer(int index, void* pointer, const char* type) {
    const int rc = sqlite3_bind_pointer(stmt_, index, pointer, type, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bindColumn(int index, const Statement& from, int column) {
    const int rc = sqlite3_bind_value(stmt_, index, sqlite3_column_value(from.stmt_, column));
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, sqlite3_sql(stmt_));
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    if (!data) return {};
    return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Database Database::open(const std::filesystem::path& file, Mode mode) {
    sqlite3* db = nullptr;
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = "open " + file.string() + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        throw SqliteError(rc, message);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 2000);
    return Database(db);
}

namespace {
// "file:" URI of a path, with the characters URIs reserve escaped (RFC 3986, as SQLite reads it).
std::string fileUri(const std::filesystem::path& file, const char* query) {
    std::string uri = "file:";
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const unsigned char c : std::filesystem::absolute(file).string()) {
        if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7F) {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + "?" + query;
}

bool fileExists(const std::filesystem::path& file) {
    std::error_code ec;
    return std::filesystem::exists(file, ec);
}
}  // namespace

Database Database::openReadOnlyUri(const std::filesystem::path& file, const std::string& uri) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = "open " + file.string() + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        throw SqliteError(rc, message);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 2000);
    // Belt and braces: a read-only connection must never checkpoint (write) on close.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    return Database(db);
}

std::optional<Database> Database::openExistingReadOnly(const std::filesystem::path& file, std::string* note) {
    if (!fileExists(file)) return std::nullopt;
    const bool wal = fileExists(file.string() + "-wal");
    const bool shm = fileExists(file.string() + "-shm");
    if (wal && shm) return openReadOnlyUri(file, fileUri(file, "mode=ro"));
    if (wal && note) *note = "read without its -wal (no -shm beside it): the newest changes may be missing";
    return openReadOnlyUri(file, fileUri(file, "immutable=1"));
}

Database Database::openDamaged(const std::filesystem::path& file, std::string* note) {
    std::optional<Database> db;
    if (fileExists(file.string() + "-wal")) {
        try {
            db = openReadOnlyUri(file, fileUri(file, "mode=ro"));
            db->exec("PRAGMA writable_schema = ON; PRAGMA cell_size_check = ON; PRAGMA query_only = ON");
            db->prepare("SELECT count(*) FROM sqlite_schema").step();
        } catch (const SqliteError& error) {
            // Damage is for the caller to read around, with the -wal's pages; anything else
            // (the -shm cannot be made here, a -wal SQLite will not take) leaves the file alone.
            const int primary = error.code() & 0xFF;
            if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
                if (note) *note = std::string("its -wal could not be read (") + error.what() + ")";
                db.reset();
            }
        }
    }
    if (!db) {
        db = openReadOnlyUri(file, fileUri(file, "immutable=1"));
        db->exec("PRAGMA writable_schema = ON; PRAGMA cell_size_check = ON; PRAGMA query_only = ON");
    }
    return std::move(*db);
}

Database Database::memory() {
    return open(":memory:");
}

Database::Database(Database&& other) noexcept : db_(other.db_) {
    other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw SqliteError(rc, message + " (in: " + text.substr(0, 80) + ")");
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare " + std::string(sql.substr(0, 80)));
    return Statement(db_, stmt);
}

int Database::userVersion() {
    auto stmt = prepare("PRAGMA user_version");
    return stmt.step() ? static_cast<int>(stmt.integer(0)) : 0;
}

void Database::setUserVersion(int version) {
    exec("PRAGMA user_version = " + std::to_string(version));
}

std::string Database::quickCheck() {
    auto stmt = prepare("PRAGMA quick_check(5)");
    std::string result;
    while (stmt.step()) result += (result.empty() ? "" : "; ") + stmt.text(0);
    return result;
}

bool Database::readOnly() const {
    return sqlite3_db_readonly(db_, "main") == 1;
}

std::int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}

}  // namespace kiosk
