namespace KafkaUpgrade.Simulation;
