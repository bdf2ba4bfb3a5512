CREATE TABLE mv_base (id INT, v VARCHAR(10));
INSERT INTO mv_base VALUES (1, 'x');
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */
/*!50001 VIEW `mv` AS select `mv_base`.`id` AS `id`,`mv_base`.`v` AS `v` from `mv_base` */;
