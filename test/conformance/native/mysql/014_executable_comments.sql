/*!40101 SET @saved = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE e (id INT) /*!50100 ENGINE=InnoDB */;
/*!50003 CREATE*/ /*!50003 PROCEDURE ep() SELECT 1 */;
/*M!100100 CREATE TABLE mariadb_only (id INT) */;
/*!40101 SET character_set_client = @saved */;
