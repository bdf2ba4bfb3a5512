CREATE TABLE iot (id int, name text);
CREATE VIEW iot_v AS SELECT id, upper(name) AS name FROM iot;
CREATE FUNCTION iot_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO iot VALUES (NEW.id, lower(NEW.name));
  RETURN NEW;
END
$$;
CREATE TRIGGER iot_v_ins INSTEAD OF INSERT ON iot_v FOR EACH ROW EXECUTE FUNCTION iot_v_ins();
INSERT INTO iot_v VALUES (1, 'MiXeD');
