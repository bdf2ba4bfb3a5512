import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isGeneratedCheckName,
  isGeneratedForeignKeyName,
  isGeneratedIndexName,
  normaliseDefault,
  onUpdateOf,
  stripDatabase,
  stripDefiner,
} from "../../src/dialects/mysql/mysql-schema-text.js";

const mariadb = (columnDefault: string | null, dataType = "varchar", extra = "") =>
  normaliseDefault({ columnDefault, dataType, extra, flavor: "mariadb" });
const mysql = (columnDefault: string | null, dataType = "varchar", extra = "") =>
  normaliseDefault({ columnDefault, dataType, extra, flavor: "mysql" });

describe("column defaults read the same on MariaDB and MySQL 8", () => {
  it("quotes MySQL's bare strings as MariaDB prints them", () => {
    assert.equal(mariadb("'it''s'"), "'it''s'");
    assert.equal(mysql("it's"), "'it''s'");
    assert.equal(mysql("a\\b"), mariadb("'a\\\\b'"));
    assert.equal(mysql("NULL"), "'NULL'");
    assert.equal(mariadb("'NULL'"), "'NULL'");
    assert.equal(mysql(""), "''");
  });

  it("leaves numbers bare and reads no default (SQL NULL, MariaDB's NULL text) as none", () => {
    assert.equal(mysql("5", "int"), "5");
    assert.equal(mariadb("5", "int"), "5");
    assert.equal(mysql("1.50", "decimal"), "1.50");
    assert.equal(mysql(null), undefined);
    assert.equal(mariadb("NULL"), undefined);
    assert.equal(mariadb(null), undefined);
  });

  it("writes the current time and expressions one way", () => {
    assert.equal(
      mysql("CURRENT_TIMESTAMP", "timestamp", "DEFAULT_GENERATED"),
      "current_timestamp()",
    );
    assert.equal(mariadb("current_timestamp()", "timestamp"), "current_timestamp()");
    assert.equal(
      mysql("CURRENT_TIMESTAMP(3)", "datetime", "DEFAULT_GENERATED"),
      "current_timestamp(3)",
    );
    assert.equal(mariadb("current_timestamp(3)", "datetime"), "current_timestamp(3)");
    assert.equal(mysql("uuid()", "varchar", "DEFAULT_GENERATED"), "uuid()");
    assert.equal(mariadb("uuid()"), "uuid()");
    assert.equal(mysql("b'1'", "bit"), "b'1'");
  });

  it("reads ON UPDATE from EXTRA in the same form", () => {
    assert.equal(
      onUpdateOf("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"),
      "current_timestamp()",
    );
    assert.equal(onUpdateOf("on update current_timestamp(6)"), "current_timestamp(6)");
    assert.equal(onUpdateOf("auto_increment"), undefined);
  });
});

describe("server text made comparable", () => {
  it("takes the DEFINER out in every spelling", () => {
    assert.equal(
      stripDefiner(
        "CREATE DEFINER=`root`@`127.0.0.1` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1",
      ),
      "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1",
    );
    assert.equal(
      stripDefiner("CREATE DEFINER='app'@'%' PROCEDURE p() SELECT 'DEFINER=x'"),
      "CREATE PROCEDURE p() SELECT 'DEFINER=x'",
    );
    assert.equal(stripDefiner("CREATE DEFINER=app@localhost EVENT e"), "CREATE EVENT e");
    assert.equal(
      stripDefiner("CREATE FUNCTION f() RETURNS INT RETURN 1"),
      "CREATE FUNCTION f() RETURNS INT RETURN 1",
    );
  });

  it("takes the database qualifier out of a view definition", () => {
    assert.equal(
      stripDatabase("select `db1`.`t`.`id` AS `id` from `db1`.`t` join `other`.`u`", "db1"),
      "select `t`.`id` AS `id` from `t` join `other`.`u`",
    );
  });

  it("recognises the names the server invents", () => {
    assert.equal(isGeneratedForeignKeyName("orders", "orders_ibfk_2"), true);
    assert.equal(isGeneratedForeignKeyName("orders", "orders_customer_fk"), false);
    assert.equal(isGeneratedForeignKeyName("orders", "orders_ibfk_x"), false);
    assert.equal(isGeneratedCheckName("t", "CONSTRAINT_1"), true);
    assert.equal(isGeneratedCheckName("t", "t_chk_3"), true);
    assert.equal(isGeneratedCheckName("t", "qty", "qty"), true);
    assert.equal(isGeneratedCheckName("t", "qty_positive"), false);
    assert.equal(isGeneratedIndexName("email", "email"), true);
    assert.equal(isGeneratedIndexName("email_2", "email"), true);
    assert.equal(isGeneratedIndexName("users_email", "email"), false);
    assert.equal(isGeneratedIndexName("x", undefined), false);
  });
});
