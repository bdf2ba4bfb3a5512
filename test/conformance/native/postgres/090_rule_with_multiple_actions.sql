CREATE TABLE rma_src (v int);
CREATE TABLE rma_a (v int);
CREATE TABLE rma_b (v int);
CREATE RULE rma_fanout AS ON INSERT TO rma_src DO ALSO (
  INSERT INTO rma_a VALUES (NEW.v);
  INSERT INTO rma_b VALUES (NEW.v * 2);
);
CREATE RULE rma_nothing AS ON DELETE TO rma_src DO INSTEAD NOTHING;
INSERT INTO rma_src VALUES (1), (2);
DELETE FROM rma_src;
