#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiosk {

class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

class Database;

// A prepared statement. Bind indexes start at 1, column indexes at 0, as in SQLite.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bindNull(int index);
    // SQLite's pointer passing (e.g. "fts5_api_ptr"): the pointer is never stored in the database.
    Statement& bindPointer(int index, void* pointer, const char* type);
    // The value of `column` of `from`'s current row, as it is (type included): copying rows
    // between two databases loses nothing to a conversion.
    Statement& bindColumn(int index, const Statement& from, int column);
    bool step();  // true while there is a row
    void run();   // step to completion, for statements without rows
    void reset();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

// One SQLite connection. Errors throw SqliteError with SQLite's own message and the SQL.
class Database {
public:
    enum class Mode { ReadWriteCreate, ReadOnly };

    static Database open(const std::filesystem::path& file, Mode mode = Mode::ReadWriteCreate);
    static Database memory();

    // For commands that only look (kioskctl outbox list, status): opens an existing database so
    // that nothing is created and no owner changes, whoever the caller is (root included).
    // nullopt when the file does not exist ("nothing there yet"; it is never created).
    // - No -wal beside it: nobody has it open in WAL mode, so the file alone is the whole
    //   database; opened `immutable=1`, which takes no lock and creates no -shm or -wal.
    //   (A writer that starts meanwhile appends to a new -wal, not to the file, until a
    //   checkpoint; a read that meets such a checkpoint fails and is reported, never repaired.)
    // - A -wal and a -shm: `mode=ro` with SQLITE_OPEN_READONLY, which reads the -wal through
    //   the existing -shm (read-only when it cannot be written). SQLite creates a -wal/-shm
    //   only when they are missing, so it creates nothing here, and its checkpoint on close
    //   needs a write lock a read-only descriptor cannot take (also turned off outright).
    // - A -wal without a -shm (a crash of the last writer, then someone removed the -shm):
    //   opening it would create the -shm, so the file is read `immutable` without its -wal and
    //   `note` says the newest changes may be missing.
    static std::optional<Database> openExistingReadOnly(const std::filesystem::path& file, std::string* note = nullptr);
    // For reading what is left of a damaged file (outbox recovery): read-only; the -wal is used
    // when it can be (`immutable` otherwise, said in `note`). SQLite refuses any read of a file
    // shorter than its header's page count (a truncated copy); writable_schema, on a
    // connection that cannot write, makes it use the pages that are there instead, and
    // cell_size_check makes it refuse cells that do not fit their page rather than read them.
    static Database openDamaged(const std::filesystem::path& file, std::string* note = nullptr);
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    ~Database();

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    int userVersion();
    void setUserVersion(int version);
    // "ok", or SQLite's description of the first problems found.
    std::string quickCheck();
    bool readOnly() const;
    std::int64_t lastInsertId() const;
    std::int64_t changes() const;  // rows changed by the last statement
    sqlite3* handle() const { return db_; }

    // Runs `work` in one transaction: committed if it returns, rolled back if it throws.
    // Inside another transaction it becomes a savepoint of that one.
    template <typename Work>
    void transaction(Work&& work) {
        if (!sqlite3_get_autocommit(db_)) {
            exec("SAVEPOINT nested");
            try {
                work();
                exec("RELEASE nested");
            } catch (...) {
                sqlite3_exec(db_, "ROLLBACK TO nested; RELEASE nested", nullptr, nullptr, nullptr);
                throw;
            }
            return;
        }
        exec("BEGIN IMMEDIATE");
        try {
            work();
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    static Database openReadOnlyUri(const std::filesystem::path& file, const std::string& uri);
    sqlite3* db_ = nullptr;
};

}  // namespace kiosk
